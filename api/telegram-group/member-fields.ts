/**
 * One member record from a file, checked field by field. The JSON and CSV readers find the
 * fields under their various names; this turns them into a GroupMember or names the bad field.
 */
import type { GroupMember } from './group-member.ts';
import { cleanUsername, normalizePhone, parseTelegramId } from './identifiers.ts';

/** A value and the name it had in the file (for the error message). */
export interface FoundField {
  field: string;
  value: unknown;
}

export interface RawMember {
  id?: FoundField;
  firstName?: FoundField;
  lastName?: FoundField;
  username?: FoundField;
  phone?: FoundField;
  isBot?: FoundField;
  deleted?: FoundField;
}

export type Fail = (field: string, problem: string) => never;

const absent = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function text(found: FoundField | undefined, fail: Fail): string | undefined {
  if (!found || absent(found.value)) return undefined;
  if (typeof found.value !== 'string')
    return fail(found.field, `must be text, got ${JSON.stringify(found.value)}`);
  return found.value.trim();
}

function flag(found: FoundField | undefined, fail: Fail): boolean | undefined {
  if (!found || absent(found.value)) return undefined;
  if (typeof found.value === 'boolean') return found.value;
  if (found.value === 'true' || found.value === '1' || found.value === 1) return true;
  if (found.value === 'false' || found.value === '0' || found.value === 0) return false;
  return fail(found.field, `must be true or false, got ${JSON.stringify(found.value)}`);
}

export function toGroupMember(raw: RawMember, fail: Fail): GroupMember {
  if (!raw.id) return fail('id', 'is missing (expected id, user_id or telegram_id)');
  const id = parseTelegramId(raw.id.value);
  if (!id.ok) return fail(raw.id.field, id.reason);
  const member: GroupMember = { telegramId: id.id, firstName: text(raw.firstName, fail) ?? '' };
  const lastName = text(raw.lastName, fail);
  if (lastName) member.lastName = lastName;
  const username = text(raw.username, fail);
  if (username !== undefined) {
    const clean = cleanUsername(username);
    if (!clean)
      return fail(
        raw.username!.field,
        `"${username}" is not a Telegram username (5–32 letters, digits or _)`,
      );
    member.username = clean;
  }
  if (raw.phone && !absent(raw.phone.value)) {
    const value = typeof raw.phone.value === 'number' ? String(raw.phone.value) : raw.phone.value;
    if (typeof value !== 'string' || !normalizePhone(value))
      return fail(
        raw.phone.field,
        `${JSON.stringify(raw.phone.value)} is not a phone number with a country code`,
      );
    member.phone = value.trim();
  }
  const isBot = flag(raw.isBot, fail);
  if (isBot) member.isBot = true;
  const deleted = flag(raw.deleted, fail);
  if (deleted) member.deleted = true;
  return member;
}
