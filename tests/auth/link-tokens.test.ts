/** One-time link tokens: single use, expiry, purpose and owner, on both dialects. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkLinkToken,
  consumeLinkToken,
  createLinkToken,
  LINK_TOKEN_TTL_IN_SECONDS,
} from '#api/auth/link-tokens.ts';
import { callbackOrigin } from '#api/auth/callback-origin.ts';
import { telegramStartUrl } from '#api/auth/link-invites.ts';
import { sha256Hex } from '#api/auth/tokens.ts';
import { createPasswordUser } from '#api/auth/users.ts';
import { dialects, type TestDatabase } from '../support/databases.ts';

describe.each(dialects)('link tokens on $name', ({ create }) => {
  let test: TestDatabase;
  let anna: number;
  let boris: number;
  beforeAll(async () => {
    test = await create();
    anna = (
      await createPasswordUser(test.database, { email: 'anna@example.ru', password: '111111111' })
    ).id;
    boris = (
      await createPasswordUser(test.database, { email: 'boris@example.ru', password: '222222222' })
    ).id;
  });
  afterAll(() => test?.dispose());
  const t0 = new Date('2026-03-01T10:00:00Z');
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

  it('stores only the SHA-256, and gives the token to its own student once', async () => {
    const { token, expiresAt } = await createLinkToken(test.database, anna, 'stepik_link', t0);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(expiresAt).toEqual(at(LINK_TOKEN_TTL_IN_SECONDS));
    const rows = await test.database.db.select().from(test.database.t.linkTokens);
    expect(rows.map((r) => r.id)).toContain(sha256Hex(token));
    expect(JSON.stringify(rows)).not.toContain(token);

    expect(await checkLinkToken(test.database, token, 'stepik_link', at(1))).toEqual({
      ok: true,
      userId: anna,
    });
    expect(await consumeLinkToken(test.database, token, 'stepik_link', at(2))).toEqual({
      ok: true,
      userId: anna,
    });
    expect(await consumeLinkToken(test.database, token, 'stepik_link', at(3))).toEqual({
      ok: false,
      problem: 'used',
    });
    expect(await checkLinkToken(test.database, token, 'stepik_link', at(3))).toEqual({
      ok: false,
      problem: 'used',
    });
  });

  it('refuses a token after its ten minutes, and one made for the other purpose', async () => {
    const { token } = await createLinkToken(test.database, boris, 'telegram_link', t0);
    expect(await consumeLinkToken(test.database, token, 'stepik_link', at(1))).toEqual({
      ok: false,
      problem: 'unknown',
    });
    expect(
      await consumeLinkToken(test.database, token, 'telegram_link', at(LINK_TOKEN_TTL_IN_SECONDS)),
    ).toEqual({ ok: false, problem: 'expired' });
    expect(
      await consumeLinkToken(
        test.database,
        token,
        'telegram_link',
        at(LINK_TOKEN_TTL_IN_SECONDS - 1),
      ),
    ).toEqual({ ok: true, userId: boris });
  });

  it('refuses made-up and malformed tokens without a query that could match', async () => {
    for (const token of [
      '',
      'x',
      'a'.repeat(32),
      'A'.repeat(32),
      `${'a'.repeat(31)}1`,
      `${'a'.repeat(31)}'`,
    ]) {
      expect(await consumeLinkToken(test.database, token, 'stepik_link', t0)).toEqual({
        ok: false,
        problem: 'unknown',
      });
    }
  });

  it('lets exactly one of many simultaneous uses succeed', async () => {
    const { token } = await createLinkToken(test.database, anna, 'telegram_link', t0);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        consumeLinkToken(test.database, token, 'telegram_link', at(5)),
      ),
    );
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, userId: anna }]);
    expect(results.filter((r) => !r.ok)).toHaveLength(7);
  });

  it('clears tokens a day past their expiry when new ones are made', async () => {
    const { token } = await createLinkToken(test.database, anna, 'stepik_link', t0);
    await createLinkToken(
      test.database,
      anna,
      'stepik_link',
      at(LINK_TOKEN_TTL_IN_SECONDS + 86_401),
    );
    expect(await checkLinkToken(test.database, token, 'stepik_link', t0)).toEqual({
      ok: false,
      problem: 'unknown',
    });
  });
});

describe('telegramStartUrl', () => {
  it('fits the start payload Telegram allows (≤ 64 characters of A-Z a-z 0-9 _ -)', () => {
    const url = new URL(telegramStartUrl('@course_bot', 'abcdefghijklmnopqrstuvwxyz234567'));
    expect(url.origin + url.pathname).toBe('https://t.me/course_bot');
    expect(url.searchParams.get('start')).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});

describe('callbackOrigin', () => {
  it.each([
    ['http://localhost:4321', '127.0.0.1:4321', 'http://127.0.0.1:4321'],
    ['http://127.0.0.1:4321', 'localhost:4321', 'http://localhost:4321'],
    ['http://localhost:4321', '[::1]:4321', 'http://[::1]:4321'],
    ['http://localhost:4321', 'LOCALHOST:4321', 'http://localhost:4321'],
    // Another port is another service; a non-loopback host is never taken from Host.
    ['http://localhost:4321', '127.0.0.1:9999', 'http://localhost:4321'],
    ['http://localhost:4321', '127.0.0.1', 'http://localhost:4321'],
    ['http://localhost:4321', 'evil.example:4321', 'http://localhost:4321'],
    ['http://localhost:4321', '127.0.0.1:4321/x@evil.example', 'http://localhost:4321'],
    ['http://localhost:4321', null, 'http://localhost:4321'],
    ['https://course.example.ru', '127.0.0.1', 'https://course.example.ru'],
    ['https://course.example.ru', 'evil.example', 'https://course.example.ru'],
  ])('APP_DOMAIN %s, Host %s → %s', (appOrigin, addressed, expected) => {
    expect(callbackOrigin(appOrigin, addressed)).toBe(expected);
  });
});
