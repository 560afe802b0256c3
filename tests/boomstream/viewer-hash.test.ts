import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VIEWER_HASH_LENGTH, viewerHash } from '#api/boomstream/viewer-hash.ts';

const SECRET = 'a-long-random-app-secret-for-the-tests-0001';

describe('viewerHash', () => {
  it('is deterministic and 32 lower-case hex characters', () => {
    const a = viewerHash(SECRET, 42, 'Am0TlUow');
    expect(a).toBe(viewerHash(SECRET, 42, 'Am0TlUow'));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(VIEWER_HASH_LENGTH).toBe(32);
  });

  it('differs per student, per video (codes are case-sensitive) and per secret', () => {
    const base = viewerHash(SECRET, 42, 'Am0TlUow');
    expect(viewerHash(SECRET, 43, 'Am0TlUow')).not.toBe(base);
    expect(viewerHash(SECRET, 42, 'nKg3scvB')).not.toBe(base);
    expect(viewerHash(SECRET, 42, 'am0TlUow')).not.toBe(base);
    expect(viewerHash(`${SECRET}x`, 42, 'Am0TlUow')).not.toBe(base);
  });

  it('never repeats across many students and videos', () => {
    const codes = ['Am0TlUow', 'nKg3scvB', '8qFbgDZS', 'TiAR7aDs', 'H4pNmmAU'];
    const seen = new Set<string>();
    for (let user = 1; user <= 400; user++)
      for (const code of codes) seen.add(viewerHash(SECRET, user, code));
    expect(seen.size).toBe(400 * codes.length);
  });

  it('cannot be derived from what an attacker knows (user id, media code, site host)', () => {
    const hash = viewerHash(SECRET, 42, 'Am0TlUow');
    expect(hash).not.toContain('42');
    expect(hash).not.toContain('Am0TlUow');
    // The vendor filter's guessable form, plain digests of it, and HMACs under guessable keys.
    const guesses = ['course.example.ru|42|Am0TlUow', '42|Am0TlUow', '42Am0TlUow', 'Am0TlUow|42'];
    for (const message of guesses) {
      for (const candidate of [
        message,
        createHash('sha256').update(message).digest('hex'),
        createHash('md5').update(message).digest('hex'),
      ]) {
        expect(candidate.slice(0, 32)).not.toBe(hash);
      }
      for (const key of ['', 'secret', 'development-only-secret-do-not-use-in-production']) {
        expect(createHmac('sha256', key).update(message).digest('hex').slice(0, 32)).not.toBe(hash);
      }
    }
    // And with the right secret but without our domain separation, it is still different.
    expect(createHmac('sha256', SECRET).update('42|Am0TlUow').digest('hex').slice(0, 32)).not.toBe(
      hash,
    );
  });

  it('refuses misuse', () => {
    expect(() => viewerHash('', 1, 'Am0TlUow')).toThrow(/secret/);
    expect(() => viewerHash(SECRET, 0, 'Am0TlUow')).toThrow(/user id/);
    expect(() => viewerHash(SECRET, 1.5, 'Am0TlUow')).toThrow(/user id/);
    expect(() => viewerHash(SECRET, 1, 'bad')).toThrow(/media code/);
  });
});
