/**
 * Mini App `initData`, first-party check (docs/telegram.md §1.2): the hash is an HMAC keyed with
 * HMAC_SHA256("WebAppData", bot token). The site, the bot and the CLI all verify through here.
 */
import { assertBotToken } from './bot-token.ts';
import { dataCheckString, decodeFields } from './fields.ts';
import { assertFreshnessOptions, type FreshnessOptions } from './freshness.ts';
import { BAD_HASH_MESSAGE, hashMatches, hmacSha256, readHash } from './hash.ts';
import { readInitData, type InitData } from './init-data-fields.ts';
import { fail, isFailure, type CheckResult, type HashFailureReason } from './result.ts';

export { botIdFromToken } from './bot-token.ts';
export type { InitData } from './init-data-fields.ts';
export type { TelegramInitUser } from './init-user.ts';
export { TELEGRAM_PUBLIC_KEYS, verifyInitDataSignature, type InitDataSignatureOptions, type InitDataSignatureResult } from './init-data-signature.ts';

/** One day, the common library default; the config decides what the app actually uses. */
export const DEFAULT_INIT_DATA_MAX_AGE_IN_SECONDS = 86_400;

export type InitDataOptions = FreshnessOptions;
export type InitDataResult = CheckResult<InitData, HashFailureReason>;

/** The 32 raw bytes (not hex) are the key of the second HMAC. */
function initDataSecret(botToken: string): Buffer {
  return hmacSha256('WebAppData', botToken);
}

/**
 * Checks a raw initData string (as in `Authorization: tma <initData>`). Throws only on misuse
 * (empty token, bad options); any wrong or hostile input yields `{ ok: false, reason, message }`.
 */
export function verifyInitData(raw: string, botToken: string, options: InitDataOptions): InitDataResult {
  assertBotToken(botToken);
  assertFreshnessOptions(options);
  if (typeof raw !== 'string') return fail('malformed', 'the data is not a string');
  const received = decodeFields(raw);
  if (isFailure(received)) return received;
  const hash = readHash(received.fields);
  if (typeof hash !== 'string') return hash;
  // Every field but `hash` is signed, `signature` and unknown fields included.
  const expected = hmacSha256(initDataSecret(botToken), dataCheckString(received.entries, ['hash']));
  if (!hashMatches(expected, hash)) return fail('bad_hash', BAD_HASH_MESSAGE);
  const data = readInitData(received.fields, options);
  return isFailure(data) ? data : { ok: true, data };
}

/**
 * Builds initData exactly as Telegram would sign it, for tests and fakes. Values are signed as
 * given (a `user` JSON written with `\/` keeps it); any `hash` in `fields` is replaced.
 */
export function signInitData(fields: Record<string, string>, botToken: string): string {
  assertBotToken(botToken);
  const entries = Object.entries(fields).filter(([key]) => key !== 'hash');
  for (const [key, value] of entries) if (typeof value !== 'string') throw new TypeError(`field "${key}" must be a string`);
  const hash = hmacSha256(initDataSecret(botToken), dataCheckString(entries, [])).toString('hex');
  return new URLSearchParams([...entries, ['hash', hash]]).toString();
}
