import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  isPasswordHash,
  needsRehash,
  verifyPassword,
} from '#api/crypto/password-hash.ts';

describe('password hashes', () => {
  it('verifies the right password and refuses others, keeping leading zeros significant', async () => {
    const stored = await hashPassword('012345678');
    expect(stored).toMatch(/^scrypt\$14\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain('012345678');
    expect(await verifyPassword('012345678', stored)).toBe(true);
    for (const wrong of ['12345678', '0123456789', '012345679', ' 012345678', ''])
      expect(await verifyPassword(wrong, stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('111111111')).not.toBe(await hashPassword('111111111'));
  });

  it.each([
    null,
    '',
    'plain-text-password',
    'scrypt$14$8$1$short$short',
    'scrypt$99$8$1$AAAAAAAAAAA=$AAAA',
  ])('answers false for a stored value %j, never throws', async (stored) => {
    expect(await verifyPassword('012345678', stored)).toBe(false);
  });

  it('costs about the same for no account as for a wrong password', async () => {
    const stored = await hashPassword('555555555');
    const time = async (fn: () => Promise<unknown>) => {
      const start = performance.now();
      for (let i = 0; i < 3; i++) await fn();
      return performance.now() - start;
    };
    const real = await time(() => verifyPassword('000000000', stored));
    const none = await time(() => verifyPassword('000000000', null));
    // Both run a full scrypt; only an order-of-magnitude gap would reveal anything.
    expect(none).toBeGreaterThan(real / 4);
  });

  it('tells a stored hash from anything else, and which hashes are weaker than today', async () => {
    const stored = await hashPassword('1');
    expect(isPasswordHash(stored)).toBe(true);
    expect(isPasswordHash('123456789')).toBe(false);
    expect(needsRehash(stored)).toBe(false);
    expect(needsRehash(stored.replace('scrypt$14$', 'scrypt$12$'))).toBe(true);
  });
});
