/**
 * Legacy Telegram Login Widget (docs/telegram.md §2.1): the hash is an HMAC keyed with
 * SHA256(bot token), over every received field except `hash`. The callback path is dedicated to
 * the widget, so no field is picked or dropped: an extra field is signed or the check fails.
 */
import { createHash } from 'node:crypto';
import { assertBotToken } from './bot-token.ts';
import { dataCheckString, decodeFields, hasField } from './fields.ts';
import { assertFreshnessOptions, checkFreshness, readAuthDate, type FreshnessOptions } from './freshness.ts';
import { BAD_HASH_MESSAGE, hashMatches, hmacSha256, readHash } from './hash.ts';
import { fail, isFailure, type CheckResult, type HashFailureReason } from './result.ts';

/** One day, as in Telegram's own sample; the config decides what the app actually uses. */
export const DEFAULT_LOGIN_MAX_AGE_IN_SECONDS = 86_400;

export interface LoginWidgetUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  photo_url?: string;
}

export interface LoginWidgetData {
  authDate: number;
  user: LoginWidgetUser;
  /** Every received field, decoded, including `hash`. */
  fields: Record<string, string>;
}

export type LoginWidgetOptions = FreshnessOptions;
export type LoginWidgetResult = CheckResult<LoginWidgetData, HashFailureReason>;

/** Plain SHA-256 of the token (raw bytes): not the Mini App's "WebAppData" HMAC. */
function loginSecret(botToken: string): Buffer {
  return createHash('sha256').update(botToken, 'utf8').digest();
}

function readUser(fields: Record<string, string>): LoginWidgetUser | undefined {
  const rawId = fields.id ?? '';
  const id = Number(rawId);
  if (!/^[1-9][0-9]{0,15}$/.test(rawId) || !Number.isSafeInteger(id) || typeof fields.first_name !== 'string') return undefined;
  const user: LoginWidgetUser = { id, first_name: fields.first_name };
  for (const key of ['last_name', 'username', 'photo_url'] as const) if (hasField(fields, key)) user[key] = fields[key];
  return user;
}

/** Checks the widget's fields (the redirect's query string, or the same fields as URLSearchParams). */
export function verifyLoginWidget(query: string | URLSearchParams, botToken: string, options: LoginWidgetOptions): LoginWidgetResult {
  assertBotToken(botToken);
  assertFreshnessOptions(options);
  if (typeof query !== 'string' && !(query instanceof URLSearchParams)) return fail('malformed', 'the data is not a query string');
  const received = decodeFields(query);
  if (isFailure(received)) return received;
  const hash = readHash(received.fields);
  if (typeof hash !== 'string') return hash;
  const expected = hmacSha256(loginSecret(botToken), dataCheckString(received.entries, ['hash']));
  if (!hashMatches(expected, hash)) return fail('bad_hash', BAD_HASH_MESSAGE);
  const authDate = readAuthDate(received.fields);
  if (typeof authDate !== 'number') return authDate;
  const user = readUser(received.fields);
  if (!user) return fail('malformed', 'id (a positive whole number) or first_name is missing');
  return checkFreshness(authDate, options) ?? { ok: true, data: { authDate, user, fields: received.fields } };
}

/** The widget's fields plus the `hash` Telegram would add, as a query string (for tests and fakes). */
export function signLoginWidget(fields: Record<string, string>, botToken: string): string {
  assertBotToken(botToken);
  const entries = Object.entries(fields).filter(([key]) => key !== 'hash');
  for (const [key, value] of entries) if (typeof value !== 'string') throw new TypeError(`field "${key}" must be a string`);
  const hash = hmacSha256(loginSecret(botToken), dataCheckString(entries, [])).toString('hex');
  return new URLSearchParams([...entries, ['hash', hash]]).toString();
}
