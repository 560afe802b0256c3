/** The hex HMAC-SHA-256 `hash` field: its format and a constant-time comparison. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { hasField } from './fields.ts';
import { fail, type CheckFailure } from './result.ts';

/**
 * Lower-case only: Telegram always sends a lower-case hex digest, and accepting other spellings
 * would give one signed payload many distinct raw strings (a trap for anything keyed on the raw
 * initData, such as a replay cache) without ever helping a genuine client.
 */
const HASH_PATTERN = /^[0-9a-f]{64}$/;

export const BAD_HASH_MESSAGE = 'the data was not signed with this bot token or was changed';

export function hmacSha256(key: string | Buffer, message: string): Buffer {
  return createHmac('sha256', key).update(message, 'utf8').digest();
}

/** The received `hash`, or why it cannot be checked. */
export function readHash(fields: Record<string, string>): string | CheckFailure<'missing_hash' | 'malformed'> {
  if (!hasField(fields, 'hash')) return fail('missing_hash', 'there is no hash field, so the data cannot be checked');
  const hash = fields.hash ?? '';
  if (!HASH_PATTERN.test(hash)) {
    const shown = hash.length > 80 ? `${hash.slice(0, 80)}…` : hash;
    return fail('malformed', `hash "${shown}" is not 64 lower-case hex digits`);
  }
  return hash;
}

/** Constant time, so the comparison leaks nothing about how much of a forged hash was right. */
export function hashMatches(expected: Buffer, hashHex: string): boolean {
  const received = Buffer.from(hashHex, 'hex');
  return received.length === expected.length && timingSafeEqual(expected, received);
}
