/**
 * The fields Telegram sends, and what every check returns. Decoding the query strings and the
 * data-check-string both checks sign; then, once a signature matched, reading the signed fields:
 * `auth_date`, the Mini App's `user` JSON and optional fields, the Login Widget's user.
 */

// ---- The shape every Telegram check returns: data on success, a reason code and a sentence otherwise.

/** Why a first-party (HMAC) check failed. */
export type HashFailureReason = 'malformed' | 'missing_hash' | 'bad_hash' | 'stale' | 'future';

/** Why a third-party (Ed25519) check failed. */
export type SignatureFailureReason =
  'malformed' | 'missing_signature' | 'bad_signature' | 'stale' | 'future';

export interface CheckFailure<Reason extends string> {
  ok: false;
  reason: Reason;
  /**
   * What is wrong, in English, for logs and the CLI. Starts lower-case and has no final period,
   * so callers can embed it: `invalid: bad hash (<message>)`.
   */
  message: string;
}

export interface CheckSuccess<Data> {
  ok: true;
  data: Data;
}

export type CheckResult<Data, Reason extends string> = CheckSuccess<Data> | CheckFailure<Reason>;

export function fail<Reason extends string>(reason: Reason, message: string): CheckFailure<Reason> {
  return { ok: false, reason, message };
}

/** Tells a helper's failure apart from its value (values here never carry `ok: false` plus a `reason`). */
export function isFailure<Value, Reason extends string>(
  value: Value | CheckFailure<Reason>,
): value is CheckFailure<Reason> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { ok?: unknown }).ok === false &&
    'reason' in value
  );
}

// ---- Decoding Telegram's query strings and building the data-check-string both checks sign.

export interface ReceivedFields {
  /** Decoded pairs in the order received; kept as a list so no key is special (even `__proto__`). */
  entries: Array<[string, string]>;
  /** The same pairs by name (own properties only, built with Object.fromEntries). */
  fields: Record<string, string>;
}

/**
 * Decodes with form-urlencoded rules (URLSearchParams: `%XX` and `+` as a space), which is what
 * Telegram encodes with. A repeated key is never genuine and would make "which value counts"
 * ambiguous between the hash check and the reader, so it is refused.
 */
export function decodeFields(
  input: string | URLSearchParams,
): ReceivedFields | CheckFailure<'malformed'> {
  if (typeof input === 'string' && input.length === 0)
    return fail('malformed', 'the data is empty');
  const params = typeof input === 'string' ? new URLSearchParams(input) : input;
  const entries = [...params.entries()];
  if (entries.length === 0) return fail('malformed', 'the data has no fields');
  const seen = new Set<string>();
  for (const [key] of entries) {
    if (seen.has(key)) return fail('malformed', `field "${key}" appears more than once`);
    seen.add(key);
  }
  return { entries, fields: Object.fromEntries(entries) };
}

export function hasField(fields: Record<string, string>, key: string): boolean {
  return Object.hasOwn(fields, key);
}

/**
 * `key=value` for every field except the excluded ones, sorted by UTF-16 code units (the default
 * sort; localeCompare orders `_` differently) and joined by `\n`. Values are used exactly as
 * decoded: re-serializing JSON would turn Telegram's `\/` into `/` and break the hash.
 */
export function dataCheckString(
  entries: ReadonlyArray<readonly [string, string]>,
  excludedKeys: readonly string[],
): string {
  return entries
    .filter(([key]) => !excludedKeys.includes(key))
    .map(([key, value]) => `${key}=${value}`)
    .sort()
    .join('\n');
}

// ---- Reading the signed fields (only after a signature matched).

/** `auth_date` as whole unix seconds; anything else (missing, `1.5`, `1e9`, `-1`) is malformed. */
export function readAuthDate(fields: Record<string, string>): number | CheckFailure<'malformed'> {
  if (!hasField(fields, 'auth_date')) return fail('malformed', 'auth_date is missing');
  const raw = fields.auth_date ?? '';
  const value = Number(raw);
  if (!/^[0-9]{1,16}$/.test(raw) || !Number.isSafeInteger(value)) {
    return fail(
      'malformed',
      `auth_date "${raw.slice(0, 40)}" is not a whole number of unix seconds`,
    );
  }
  return value;
}

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

/** The `user` JSON inside Mini App initData. Wrapped in a result because the user object itself may carry any field, `ok` included. */
export function parseInitUser(raw: string): CheckResult<TelegramInitUser, 'malformed'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return fail('malformed', 'user is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return fail('malformed', 'user is not a JSON object');
  const record = parsed as Record<string, unknown>;
  const id = readUserId(record.id);
  if (id === undefined) return fail('malformed', 'user.id is not a positive whole number');
  if (typeof record.first_name !== 'string')
    return fail('malformed', 'user.first_name is missing or not a string');
  const user: TelegramInitUser = { ...record, id, first_name: record.first_name };
  // A documented field of the wrong type (only seen in hand-made test data) is left out of the
  // typed view rather than passed on under a type it does not have; the raw JSON stays in `fields`.
  for (const [key, type] of Object.entries(OPTIONAL_TYPES)) {
    if (Object.hasOwn(user, key) && typeof user[key] !== type) delete user[key];
  }
  return { ok: true, data: user };
}

/** What a verified Mini App initData carries, read the same way after either signature check. */
export interface InitData {
  /** Unix seconds when Telegram issued the data. */
  authDate: number;
  user?: TelegramInitUser;
  startParam?: string;
  queryId?: string;
  chatType?: string;
  chatInstance?: string;
  /** Every received field, decoded, as signed (including `hash`, `signature` and JSON strings such as `chat`, `receiver`). */
  fields: Record<string, string>;
}

/** The structure of a signed initData; its time is checked after this (freshness.ts). */
export function readInitData(fields: Record<string, string>): InitData | CheckFailure<'malformed'> {
  const authDate = readAuthDate(fields);
  if (typeof authDate !== 'number') return authDate;
  const data: InitData = { authDate, fields };
  if (hasField(fields, 'user')) {
    const user = parseInitUser(fields.user ?? '');
    if (!user.ok) return user;
    data.user = user.data;
  }
  const optional = {
    startParam: 'start_param',
    queryId: 'query_id',
    chatType: 'chat_type',
    chatInstance: 'chat_instance',
  } as const;
  for (const [property, field] of Object.entries(optional) as Array<
    [keyof typeof optional, string]
  >) {
    if (hasField(fields, field)) data[property] = fields[field];
  }
  return data;
}

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

function readWidgetUser(fields: Record<string, string>): LoginWidgetUser | undefined {
  const rawId = fields.id ?? '';
  const id = Number(rawId);
  if (
    !/^[1-9][0-9]{0,15}$/.test(rawId) ||
    !Number.isSafeInteger(id) ||
    typeof fields.first_name !== 'string'
  )
    return undefined;
  const user: LoginWidgetUser = { id, first_name: fields.first_name };
  for (const key of ['last_name', 'username', 'photo_url'] as const)
    if (hasField(fields, key)) user[key] = fields[key];
  return user;
}

/** The structure of a signed Login Widget callback; its time is checked after this (freshness.ts). */
export function readLoginWidget(
  fields: Record<string, string>,
): LoginWidgetData | CheckFailure<'malformed'> {
  const authDate = readAuthDate(fields);
  if (typeof authDate !== 'number') return authDate;
  const user = readWidgetUser(fields);
  if (!user) return fail('malformed', 'id (a positive whole number) or first_name is missing');
  return { authDate, user, fields };
}
