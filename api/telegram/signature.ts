/**
 * Who signed the data. First party (the bot token): the HMAC-SHA-256 `hash` of Mini App
 * initData (docs/telegram.md §1.2, keyed with HMAC_SHA256("WebAppData", token)) and of the
 * Login Widget (§2.1, keyed with SHA256(token)). Third party (§1.3): Telegram's Ed25519
 * `signature` of initData over "<bot id>:WebAppData\n" + the data-check-string, which needs the
 * bot id, never the token, so a service that must not hold the token can still trust initData.
 * Also the signing side of the HMACs, for tests and fakes.
 */
import {
  createHash,
  createHmac,
  createPublicKey,
  timingSafeEqual,
  verify,
  type KeyObject,
} from 'node:crypto';
import {
  dataCheckString,
  fail,
  hasField,
  type CheckFailure,
  type ReceivedFields,
} from './fields.ts';

// ---- The bot token.

/** Misuse (an empty or non-string token) is a programming error, so it throws instead of returning a result. */
export function assertBotToken(botToken: unknown): asserts botToken is string {
  if (typeof botToken !== 'string' || botToken.length === 0)
    throw new TypeError('a Telegram bot token is required (got an empty value)');
}

/**
 * The bot's numeric id: the part of the token before the colon (`123456:ABC…` → 123456).
 * The Ed25519 check needs only this id, never the secret part.
 */
export function botIdFromToken(botToken: string): number {
  assertBotToken(botToken);
  const match = /^([1-9][0-9]*):./.exec(botToken);
  const botId = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(botId))
    throw new TypeError('a Telegram bot token looks like "<numeric bot id>:<secret>"');
  return botId;
}

// ---- The first-party HMAC `hash`.

/**
 * Lower-case only: Telegram always sends a lower-case hex digest, and accepting other spellings
 * would give one signed payload many distinct raw strings (a trap for anything keyed on the raw
 * initData, such as a replay cache) without ever helping a genuine client.
 */
const HASH_PATTERN = /^[0-9a-f]{64}$/;

const BAD_HASH_MESSAGE = 'the data was not signed with this bot token or was changed';

function hmacSha256(key: string | Buffer, message: string): Buffer {
  return createHmac('sha256', key).update(message, 'utf8').digest();
}

/** Mini App: the 32 raw bytes (not hex) are the key of the second HMAC. */
function initDataSecret(botToken: string): Buffer {
  return hmacSha256('WebAppData', botToken);
}

/** Login Widget: plain SHA-256 of the token (raw bytes), not the Mini App's "WebAppData" HMAC. */
function loginSecret(botToken: string): Buffer {
  return createHash('sha256').update(botToken, 'utf8').digest();
}

/** The received `hash`, or why it cannot be checked. */
function readHash(
  fields: Record<string, string>,
): string | CheckFailure<'missing_hash' | 'malformed'> {
  if (!hasField(fields, 'hash'))
    return fail('missing_hash', 'there is no hash field, so the data cannot be checked');
  const hash = fields.hash ?? '';
  if (!HASH_PATTERN.test(hash)) {
    const shown = hash.length > 80 ? `${hash.slice(0, 80)}…` : hash;
    return fail('malformed', `hash "${shown}" is not 64 lower-case hex digits`);
  }
  return hash;
}

/** Constant time, so the comparison leaks nothing about how much of a forged hash was right. */
function hashMatches(expected: Buffer, hashHex: string): boolean {
  const received = Buffer.from(hashHex, 'hex');
  return received.length === expected.length && timingSafeEqual(expected, received);
}

type HashFailure = CheckFailure<'missing_hash' | 'malformed' | 'bad_hash'>;

/** Every field but `hash` is signed: no field is picked or dropped, so an extra field is signed or the check fails. */
function checkHash(received: ReceivedFields, secret: Buffer): HashFailure | null {
  const hash = readHash(received.fields);
  if (typeof hash !== 'string') return hash;
  const expected = hmacSha256(secret, dataCheckString(received.entries, ['hash']));
  return hashMatches(expected, hash) ? null : fail('bad_hash', BAD_HASH_MESSAGE);
}

/** `null` when initData's `hash` is the bot's (`signature` and unknown fields are signed too). */
export function checkInitDataHash(received: ReceivedFields, botToken: string): HashFailure | null {
  return checkHash(received, initDataSecret(botToken));
}

/** `null` when the Login Widget's `hash` is the bot's. */
export function checkLoginWidgetHash(
  received: ReceivedFields,
  botToken: string,
): HashFailure | null {
  return checkHash(received, loginSecret(botToken));
}

function signWith(fields: Record<string, string>, secret: Buffer): string {
  const entries = Object.entries(fields).filter(([key]) => key !== 'hash');
  for (const [key, value] of entries)
    if (typeof value !== 'string') throw new TypeError(`field "${key}" must be a string`);
  const hash = hmacSha256(secret, dataCheckString(entries, [])).toString('hex');
  return new URLSearchParams([...entries, ['hash', hash]]).toString();
}

/**
 * Builds initData exactly as Telegram would sign it, for tests and fakes. Values are signed as
 * given (a `user` JSON written with `\/` keeps it); any `hash` in `fields` is replaced.
 */
export function signInitData(fields: Record<string, string>, botToken: string): string {
  assertBotToken(botToken);
  return signWith(fields, initDataSecret(botToken));
}

/** The widget's fields plus the `hash` Telegram would add, as a query string (for tests and fakes). */
export function signLoginWidget(fields: Record<string, string>, botToken: string): string {
  assertBotToken(botToken);
  return signWith(fields, loginSecret(botToken));
}

// ---- The third-party Ed25519 `signature`.

/** Telegram's published Ed25519 public keys (32 bytes, hex). */
export const TELEGRAM_PUBLIC_KEYS = {
  production: 'e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d',
  test: '40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec',
} as const;

export interface PublicKeyOptions {
  /** Overrides the key picked by `environment` (e.g. a test key pair). */
  publicKeyHex?: string;
  /** Which Telegram key to use; default `production`. */
  environment?: 'production' | 'test';
}

/** 64 bytes in base64url: 86 characters, or 88 with the `==` padding some encoders add. */
const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{86}(==)?$/;

const keyCache = new Map<string, KeyObject>();

/**
 * A KeyObject from the raw 32-byte key via JWK: works on Node 20 and 22 alike, unlike importing
 * a raw Ed25519 key through WebCrypto.
 */
function publicKeyFromHex(publicKeyHex: string): KeyObject {
  const normalized = publicKeyHex.toLowerCase();
  let key = keyCache.get(normalized);
  if (!key) {
    const x = Buffer.from(normalized, 'hex').toString('base64url');
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    keyCache.set(normalized, key);
  }
  return key;
}

/** Throws on misuse (a bad key or environment). */
export function resolvePublicKey(options: PublicKeyOptions): KeyObject {
  const environment = options.environment ?? 'production';
  if (environment !== 'production' && environment !== 'test')
    throw new TypeError(`environment must be "production" or "test", got ${String(environment)}`);
  const publicKeyHex = options.publicKeyHex ?? TELEGRAM_PUBLIC_KEYS[environment];
  if (typeof publicKeyHex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(publicKeyHex))
    throw new TypeError('publicKeyHex must be 32 bytes as 64 hex digits');
  return publicKeyFromHex(publicKeyHex);
}

/** Throws on misuse: the id is the number before the token's colon. */
export function assertBotId(botId: unknown): asserts botId is number {
  if (typeof botId !== 'number' || !Number.isSafeInteger(botId) || botId <= 0)
    throw new TypeError(`botId must be a positive whole number, got ${String(botId)}`);
}

function readSignature(
  fields: Record<string, string>,
): Buffer | CheckFailure<'missing_signature' | 'malformed'> {
  if (!hasField(fields, 'signature'))
    return fail(
      'missing_signature',
      'there is no signature field (older Telegram clients do not send one)',
    );
  const signature = fields.signature ?? '';
  if (!SIGNATURE_PATTERN.test(signature))
    return fail('malformed', 'signature is not 64 bytes of base64url');
  return Buffer.from(signature, 'base64url');
}

/** `null` when Telegram's Ed25519 signature of initData for bot `botId` matches `publicKey`. */
export function checkInitDataEd25519(
  received: ReceivedFields,
  botId: number,
  publicKey: KeyObject,
): CheckFailure<'missing_signature' | 'malformed' | 'bad_signature'> | null {
  const signature = readSignature(received.fields);
  if (!Buffer.isBuffer(signature)) return signature;
  // `hash` is Telegram's HMAC for the bot owner; it is not part of what Ed25519 signs.
  const message = `${botId}:WebAppData\n${dataCheckString(received.entries, ['hash', 'signature'])}`;
  if (!verify(null, Buffer.from(message, 'utf8'), publicKey, signature)) {
    return fail(
      'bad_signature',
      `the Ed25519 signature does not match bot ${botId} with this public key, or the data was changed`,
    );
  }
  return null;
}
