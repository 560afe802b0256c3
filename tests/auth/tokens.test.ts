import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { describe, expect, it } from 'vitest';
import { generateToken, sha256Hex } from '#api/auth/tokens.ts';

describe('session token digests', () => {
  it('are the SHA-256 @oslojs/crypto gives, so sessions stored before stay valid', () => {
    const texts = [
      ...Array.from({ length: 200 }, generateToken),
      '',
      'ё'.repeat(100),
      'x'.repeat(1000),
    ];
    for (const text of texts)
      expect(sha256Hex(text)).toBe(encodeHexLowerCase(sha256(new TextEncoder().encode(text))));
  });

  it('makes tokens of 32 base32 characters, all different', () => {
    const tokens = Array.from({ length: 1000 }, generateToken);
    for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});
