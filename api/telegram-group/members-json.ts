/**
 * Members from JSON: an array of user objects in the shapes tools write them — Bot API
 * (`id`, `first_name`, `is_bot`), a ChatMember (`{status, user: {…}}`), GramJS's JSON
 * (`id` as a string, `firstName`, `bot`), or a table export (`user_id`, `telegram_id`).
 * The array may also sit under `members`, `users`, `participants` or `result`.
 */
import { MemberFileError, TelegramGroupError } from './errors.ts';
import type { GroupMember } from './group-member.ts';
import { toGroupMember, type FoundField, type RawMember } from './member-fields.ts';

const NAMES: Record<keyof RawMember, string[]> = {
  id: ['id', 'user_id', 'telegram_id', 'telegramId', 'userId'],
  firstName: ['first_name', 'firstName'],
  lastName: ['last_name', 'lastName'],
  username: ['username'],
  phone: ['phone', 'phone_number', 'phoneNumber'],
  isBot: ['is_bot', 'bot', 'isBot'],
  deleted: ['deleted', 'is_deleted'],
};

const LIST_KEYS = ['members', 'users', 'participants', 'result'];

function find(
  record: Record<string, unknown>,
  names: string[],
  prefix: string,
): FoundField | undefined {
  const name = names.find((n) => Object.hasOwn(record, n));
  return name === undefined ? undefined : { field: `${prefix}${name}`, value: record[name] };
}

/** GramJS keeps collectible usernames in `usernames`; the active one stands in for `username`. */
function activeUsername(record: Record<string, unknown>, prefix: string): FoundField | undefined {
  const list = record.usernames;
  if (!Array.isArray(list)) return undefined;
  const entry = list.find(
    (u) =>
      u &&
      typeof u === 'object' &&
      (u as { active?: unknown }).active !== false &&
      typeof (u as { username?: unknown }).username === 'string',
  );
  return entry
    ? { field: `${prefix}usernames`, value: (entry as { username: string }).username }
    : undefined;
}

function rawMember(record: Record<string, unknown>, prefix: string): RawMember {
  const raw: RawMember = {};
  for (const key of Object.keys(NAMES) as (keyof RawMember)[]) {
    const found = find(record, NAMES[key], prefix);
    if (found) raw[key] = found;
  }
  raw.username ??= activeUsername(record, prefix);
  return raw;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export function parseMembersJson(text: string, name: string): GroupMember[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new TelegramGroupError(`${name}: not valid JSON: ${(error as Error).message}`);
  }
  if (isObject(data))
    data =
      LIST_KEYS.map((k) => data && (data as Record<string, unknown>)[k]).find(Array.isArray) ??
      data;
  if (!Array.isArray(data))
    throw new TelegramGroupError(
      `${name}: expected a JSON array of members (or {"members": [...]})`,
    );
  return data.map((record: unknown, index) => {
    const where = `[${index}]`;
    const fail = (field: string, problem: string): never => {
      throw new MemberFileError(name, where, field, problem);
    };
    if (!isObject(record)) return fail('', `must be an object, got ${JSON.stringify(record)}`);
    // A ChatMember wraps the user; its own fields (status, until_date) are not the member's.
    const nested = !('id' in record) && isObject(record.user);
    return toGroupMember(
      nested ? rawMember(record.user as Record<string, unknown>, 'user.') : rawMember(record, ''),
      fail,
    );
  });
}
