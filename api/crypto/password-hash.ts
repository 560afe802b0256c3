/**
 * Slow hashing of the 9-digit Boomstream passwords (scrypt, memory-hard). The parameters are
 * stored in the hash, so they can be raised later: `needsRehash` tells when a stored hash is
 * weaker than today's parameters, and sign-in rehashes it.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
/** 2^14 × 8 × 128 B = 16 MiB and ~35 ms per hash on the reference machine. */
export const SCRYPT_PARAMS = { logN: 14, r: 8, p: 1 } as const;

function derive(
  password: string,
  salt: Buffer,
  logN: number,
  r: number,
  p: number,
): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `scrypt$14$8$1$<salt base64>$<key base64>` */
export async function hashPassword(password: string): Promise<string> {
  const { logN, r, p } = SCRYPT_PARAMS;
  const salt = randomBytes(16);
  const key = await derive(password, salt, logN, r, p);
  return `scrypt$${logN}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  logN: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 20 || r > 32 || p > 16)
    return null;
  const salt = Buffer.from(parts[4]!, 'base64');
  const key = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || key.length !== KEY_LENGTH) return null;
  return { logN, r, p, salt, key };
}

export function isPasswordHash(value: string): boolean {
  return parseHash(value) !== null;
}

/** Burns the same time as a real check: used for unknown accounts so timing tells nothing. */
const DUMMY_HASH = `scrypt$${SCRYPT_PARAMS.logN}$${SCRYPT_PARAMS.r}$${SCRYPT_PARAMS.p}$${Buffer.alloc(16, 7).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;

/**
 * True when `password` matches `stored`. A null or malformed `stored` still costs a full
 * derivation and answers false, so callers never branch before the expensive part.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = (stored && parseHash(stored)) || parseHash(DUMMY_HASH)!;
  const key = await derive(password, parsed.salt, parsed.logN, parsed.r, parsed.p);
  const match = timingSafeEqual(key, parsed.key);
  return match && stored !== null && parseHash(stored) !== null;
}

export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.logN < SCRYPT_PARAMS.logN || parsed.r < SCRYPT_PARAMS.r;
}
