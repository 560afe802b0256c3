/** Accounts, linking rules and sessions on both dialects (the HTTP tests run on SQLite). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, invalidateUserSessions, validateSessionToken } from '#api/auth/session.ts';
import {
  createPasswordUser,
  findUserByEmail,
  signInOrLink,
  unlinkIdentity,
} from '#api/auth/users.ts';
import { dialects, type TestDatabase } from '../support/databases.ts';

describe.each(dialects)('accounts on $name', ({ create }) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await create();
  });
  afterAll(() => test?.dispose());

  it('finds accounts by email in any case, and refuses a second account with the same email', async () => {
    await createPasswordUser(test.database, {
      email: 'Mixed.Case@Example.RU',
      password: '000000001',
    });
    expect((await findUserByEmail(test.database, 'mixed.case@example.ru'))?.email).toBe(
      'mixed.case@example.ru',
    );
    await expect(
      createPasswordUser(test.database, { email: 'MIXED.CASE@example.ru', password: '1' }),
    ).rejects.toThrow();
  });

  it('signs in by an identity, creating the account once', async () => {
    const first = await signInOrLink(test.database, {
      kind: 'telegram',
      value: 9_007_199_254_740_000,
      firstName: 'Ада',
    });
    const second = await signInOrLink(test.database, {
      kind: 'telegram',
      value: 9_007_199_254_740_000,
    });
    expect(first).toMatchObject({ ok: true, created: true });
    expect(second).toMatchObject({ ok: true, created: false });
    if (first.ok && second.ok) expect(second.user.id).toBe(first.user.id);
  });

  it('links to the signed-in account; an identity owned by another account changes nothing', async () => {
    const a = await createPasswordUser(test.database, { email: 'a@example.ru', password: '1' });
    const b = await createPasswordUser(test.database, { email: 'b@example.ru', password: '2' });
    expect(await signInOrLink(test.database, { kind: 'stepik', value: 501 }, a.id)).toMatchObject({
      ok: true,
      user: { id: a.id, stepikUserId: 501 },
    });
    expect(await signInOrLink(test.database, { kind: 'stepik', value: 501 }, b.id)).toMatchObject({
      ok: false,
      error: 'identity_taken',
    });
    expect(await signInOrLink(test.database, { kind: 'stepik', value: 502 }, a.id)).toMatchObject({
      ok: false,
      error: 'already_linked',
    });
    expect((await findUserByEmail(test.database, 'b@example.ru'))?.stepikUserId).toBeNull();
  });

  it('unlinks all but the last way in', async () => {
    const only = await signInOrLink(test.database, { kind: 'google', value: 'sub-only' });
    if (!only.ok) throw new Error('sign-in failed');
    expect(await unlinkIdentity(test.database, only.user.id, 'google')).toMatchObject({
      ok: false,
      error: 'last_way_in',
    });
    expect(await unlinkIdentity(test.database, only.user.id, 'stepik')).toMatchObject({
      ok: false,
      error: 'not_linked',
    });
    await signInOrLink(test.database, { kind: 'telegram', value: 42 }, only.user.id);
    expect(await unlinkIdentity(test.database, only.user.id, 'google')).toMatchObject({
      ok: true,
      user: { googleSub: null, telegramId: 42 },
    });
  });

  it('never lets two unlinks at once leave an account with no way in', async () => {
    const both = await signInOrLink(test.database, { kind: 'google', value: 'sub-race' });
    if (!both.ok) throw new Error('sign-in failed');
    await signInOrLink(test.database, { kind: 'stepik', value: 9_001 }, both.user.id);
    const results = await Promise.all([
      unlinkIdentity(test.database, both.user.id, 'google'),
      unlinkIdentity(test.database, both.user.id, 'stepik'),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(['last_way_in']);
  });

  it('keeps sessions by the hash of the token, slides them, and ends them all at once', async () => {
    const user = await createPasswordUser(test.database, {
      email: 'sess@example.ru',
      password: '1',
    });
    const t0 = new Date('2026-03-01T00:00:00Z');
    const { token } = await createSession(test.database, user.id, t0);
    expect(
      await validateSessionToken(test.database, token, new Date(t0.getTime() + 86_400_000)),
    ).toMatchObject({ renewed: false, user: { id: user.id } });
    const late = await validateSessionToken(
      test.database,
      token,
      new Date(t0.getTime() + 20 * 86_400_000),
    );
    expect(late?.renewed).toBe(true);
    // Renewed on day 20 to day 50: unused until day 51, it is gone.
    expect(
      await validateSessionToken(test.database, token, new Date(t0.getTime() + 51 * 86_400_000)),
    ).toBeNull();
    const fresh = await createSession(test.database, user.id);
    const tampered = `${fresh.token.slice(0, -1)}${fresh.token.endsWith('a') ? 'b' : 'a'}`;
    expect(await validateSessionToken(test.database, tampered)).toBeNull();
    expect(await validateSessionToken(test.database, fresh.token)).not.toBeNull();
    const again = await createSession(test.database, user.id);
    expect(await invalidateUserSessions(test.database, user.id)).toBeGreaterThanOrEqual(1);
    expect(await validateSessionToken(test.database, again.token)).toBeNull();
  });
});
