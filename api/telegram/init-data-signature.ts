/**
 * Mini App `initData`, third-party check (docs/telegram.md §1.3): Telegram's Ed25519 signature
 * over "<bot id>:WebAppData\n" + the data-check-string. Needs the bot id, never the token, so a
 * service that must not hold the token can still trust initData.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { dataCheckString, decodeFields, hasField } from './fields.ts';
import { assertFreshnessOptions, type FreshnessOptions } from './freshness.ts';
import { readInitData, type InitData } from './init-data-fields.ts';
import { fail, isFailure, type CheckFailure, type CheckResult, type SignatureFailureReason } from './result.ts';

/** Telegram's published Ed25519 public keys (32 bytes, hex). */
export const TELEGRAM_PUBLIC_KEYS = {
  production: 'e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d',
  test: '40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec',
} as const;

export interface InitDataSignatureOptions extends FreshnessOptions {
  /** Overrides the key picked by `environment` (e.g. a test key pair). */
  publicKeyHex?: string;
  /** Which Telegram key to use; default `production`. */
  environment?: 'production' | 'test';
}

export type InitDataSignatureResult = CheckResult<InitData, SignatureFailureReason>;

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

function resolvePublicKey(options: InitDataSignatureOptions): KeyObject {
  const environment = options.environment ?? 'production';
  if (environment !== 'production' && environment !== 'test') throw new TypeError(`environment must be "production" or "test", got ${String(environment)}`);
  const publicKeyHex = options.publicKeyHex ?? TELEGRAM_PUBLIC_KEYS[environment];
  if (typeof publicKeyHex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(publicKeyHex)) throw new TypeError('publicKeyHex must be 32 bytes as 64 hex digits');
  return publicKeyFromHex(publicKeyHex);
}

function readSignature(fields: Record<string, string>): Buffer | CheckFailure<'missing_signature' | 'malformed'> {
  if (!hasField(fields, 'signature')) return fail('missing_signature', 'there is no signature field (older Telegram clients do not send one)');
  const signature = fields.signature ?? '';
  if (!SIGNATURE_PATTERN.test(signature)) return fail('malformed', 'signature is not 64 bytes of base64url');
  return Buffer.from(signature, 'base64url');
}

/** Same result shape as verifyInitData; throws only on misuse (bad bot id, key or options). */
export function verifyInitDataSignature(raw: string, botId: number, options: InitDataSignatureOptions): InitDataSignatureResult {
  if (typeof botId !== 'number' || !Number.isSafeInteger(botId) || botId <= 0) throw new TypeError(`botId must be a positive whole number, got ${String(botId)}`);
  assertFreshnessOptions(options);
  const publicKey = resolvePublicKey(options);
  if (typeof raw !== 'string') return fail('malformed', 'the data is not a string');
  const received = decodeFields(raw);
  if (isFailure(received)) return received;
  const signature = readSignature(received.fields);
  if (isFailure(signature)) return signature;
  // `hash` is Telegram's HMAC for the bot owner; it is not part of what Ed25519 signs.
  const message = `${botId}:WebAppData\n${dataCheckString(received.entries, ['hash', 'signature'])}`;
  if (!verify(null, Buffer.from(message, 'utf8'), publicKey, signature)) {
    return fail('bad_signature', `the Ed25519 signature does not match bot ${botId} with this public key, or the data was changed`);
  }
  const data = readInitData(received.fields, options);
  return isFailure(data) ? data : { ok: true, data };
}
