/**
 * The Telegram checks, the one entry the site, the bot and the CLI use: Mini App initData
 * (first party with the bot token, third party with Telegram's Ed25519 key) and the Login
 * Widget's redirect. Each runs the same steps: decode the fields, check who signed them
 * (signature.ts), read their structure (fields.ts), then their time (freshness.ts) — so a
 * forged payload is always reported as forged and never as merely "stale" or "malformed".
 * Throws only on misuse (an empty token, a bad bot id, key or options); any wrong or hostile
 * input yields `{ ok: false, reason, message }`.
 */
import {
  decodeFields,
  fail,
  isFailure,
  readInitData,
  readLoginWidget,
  type CheckFailure,
  type CheckResult,
  type HashFailureReason,
  type InitData,
  type LoginWidgetData,
  type SignatureFailureReason,
} from './fields.ts';
import {
  assertFreshnessOptions,
  checkFreshness,
  formatUnixSeconds,
  type FreshnessOptions,
} from './freshness.ts';
import {
  assertBotId,
  assertBotToken,
  checkInitDataEd25519,
  checkInitDataHash,
  checkLoginWidgetHash,
  resolvePublicKey,
  type PublicKeyOptions,
} from './signature.ts';

export type {
  CheckFailure,
  CheckResult,
  CheckSuccess,
  HashFailureReason,
  InitData,
  LoginWidgetData,
  LoginWidgetUser,
  SignatureFailureReason,
  TelegramInitUser,
} from './fields.ts';
export type { FreshnessOptions } from './freshness.ts';
export {
  botIdFromToken,
  signInitData,
  signLoginWidget,
  TELEGRAM_PUBLIC_KEYS,
} from './signature.ts';

/** One day, the common library default; the config decides what the app actually uses. */
export const DEFAULT_INIT_DATA_MAX_AGE_IN_SECONDS = 86_400;

/** One day, as in Telegram's own sample; the config decides what the app actually uses. */
export const DEFAULT_LOGIN_MAX_AGE_IN_SECONDS = 86_400;

export type InitDataOptions = FreshnessOptions;
export type InitDataResult = CheckResult<InitData, HashFailureReason>;
export interface InitDataSignatureOptions extends FreshnessOptions, PublicKeyOptions {}
export type InitDataSignatureResult = CheckResult<InitData, SignatureFailureReason>;
export type LoginWidgetOptions = FreshnessOptions;
export type LoginWidgetResult = CheckResult<LoginWidgetData, HashFailureReason>;

/** After the signature matched: the structure, then the time. */
function accept<Data extends { authDate: number }>(
  data: Data | CheckFailure<'malformed'>,
  options: FreshnessOptions,
): CheckResult<Data, 'malformed' | 'stale' | 'future'> {
  if (isFailure(data)) return data;
  return checkFreshness(data.authDate, options) ?? { ok: true, data };
}

/** Mini App, first party (docs/telegram.md §1.2): a raw initData string, as in `Authorization: tma <initData>`. */
export function verifyInitData(
  raw: string,
  botToken: string,
  options: InitDataOptions,
): InitDataResult {
  assertBotToken(botToken);
  assertFreshnessOptions(options);
  if (typeof raw !== 'string') return fail('malformed', 'the data is not a string');
  const received = decodeFields(raw);
  if (isFailure(received)) return received;
  return checkInitDataHash(received, botToken) ?? accept(readInitData(received.fields), options);
}

/** Mini App, third party (docs/telegram.md §1.3): needs the bot id, never the token. Same result shape as verifyInitData. */
export function verifyInitDataSignature(
  raw: string,
  botId: number,
  options: InitDataSignatureOptions,
): InitDataSignatureResult {
  assertBotId(botId);
  assertFreshnessOptions(options);
  const publicKey = resolvePublicKey(options);
  if (typeof raw !== 'string') return fail('malformed', 'the data is not a string');
  const received = decodeFields(raw);
  if (isFailure(received)) return received;
  return (
    checkInitDataEd25519(received, botId, publicKey) ??
    accept(readInitData(received.fields), options)
  );
}

/**
 * Legacy Login Widget (docs/telegram.md §2.1): the redirect's query string, or the same fields
 * as URLSearchParams. The callback path is dedicated to the widget, so every field is signed.
 */
export function verifyLoginWidget(
  query: string | URLSearchParams,
  botToken: string,
  options: LoginWidgetOptions,
): LoginWidgetResult {
  assertBotToken(botToken);
  assertFreshnessOptions(options);
  if (typeof query !== 'string' && !(query instanceof URLSearchParams))
    return fail('malformed', 'the data is not a query string');
  const received = decodeFields(query);
  if (isFailure(received)) return received;
  return (
    checkLoginWidgetHash(received, botToken) ?? accept(readLoginWidget(received.fields), options)
  );
}

// ---- One-line, human-readable summaries of check results, for logs and the operator CLI.

/** `bad hash (the data was not signed with this bot token or was changed)` */
export function describeFailure(failure: CheckFailure<string>): string {
  return `${failure.reason.replaceAll('_', ' ')} (${failure.message})`;
}

function describeUser(user: {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
}): string {
  const name = user.username ?? [user.first_name, user.last_name].filter(Boolean).join(' ');
  return `user ${user.id} (${name})`;
}

/** `user 987654321 (anna_test), auth_date 2025-01-01T00:00:00Z, start_param lesson_42` */
export function describeInitData(data: InitData): string {
  const parts = [
    data.user ? describeUser(data.user) : 'no user',
    `auth_date ${formatUnixSeconds(data.authDate)}`,
  ];
  if (data.startParam !== undefined) parts.push(`start_param ${data.startParam}`);
  return parts.join(', ');
}

/** `user 42 (john), auth_date 2019-08-14T19:24:48Z` */
export function describeLoginWidget(data: LoginWidgetData): string {
  return `${describeUser(data.user)}, auth_date ${formatUnixSeconds(data.authDate)}`;
}
