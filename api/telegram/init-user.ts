/** The `user` JSON inside Mini App initData, read only after the hash has been checked. */
import { fail, type CheckResult } from './result.ts';

/** WebAppUser as Telegram documents it; fields Telegram adds later are kept as received. */
export interface TelegramInitUser {
  /** Up to 52 significant bits: a safe integer in JS, a bigint column in the database. */
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
  photo_url?: string;
  allows_write_to_pm?: boolean;
  added_to_attachment_menu?: boolean;
  [field: string]: unknown;
}

const OPTIONAL_TYPES = {
  last_name: 'string',
  username: 'string',
  language_code: 'string',
  photo_url: 'string',
  is_premium: 'boolean',
  allows_write_to_pm: 'boolean',
  added_to_attachment_menu: 'boolean',
} as const;

/**
 * A positive safe integer. A canonical decimal string is accepted too: it is still the signed
 * value, and aiogram's published test data (a hash we must accept) carries `"id": "123456789"`.
 */
function readUserId(value: unknown): number | undefined {
  const id = typeof value === 'string' && /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** Wrapped in a result because the user object itself may carry any field, `ok` included. */
export function parseInitUser(raw: string): CheckResult<TelegramInitUser, 'malformed'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return fail('malformed', 'user is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('malformed', 'user is not a JSON object');
  const record = parsed as Record<string, unknown>;
  const id = readUserId(record.id);
  if (id === undefined) return fail('malformed', 'user.id is not a positive whole number');
  if (typeof record.first_name !== 'string') return fail('malformed', 'user.first_name is missing or not a string');
  const user: TelegramInitUser = { ...record, id, first_name: record.first_name };
  // A documented field of the wrong type (only seen in hand-made test data) is left out of the
  // typed view rather than passed on under a type it does not have; the raw JSON stays in `fields`.
  for (const [key, type] of Object.entries(OPTIONAL_TYPES)) {
    if (Object.hasOwn(user, key) && typeof user[key] !== type) delete user[key];
  }
  return { ok: true, data: user };
}
