/** Sessions over real HTTP: forged and expired tokens, sign-out, sign-out everywhere, Secure cookies. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '#api/auth/tokens.ts';
import { createPasswordUser } from '#api/auth/users.ts';
import { startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { Browserish } from '../support/browserish.ts';

let s: AuthServer;
beforeAll(async () => {
  s = await startAuthServer();
  await createPasswordUser(s.test.database, { email: 'ira@example.ru', password: '303030303' });
});
afterAll(() => s?.close());

async function signIn(): Promise<Browserish> {
  const b = new Browserish(s.server.origin);
  expect(
    (
      await b.fetch('/api/auth/password', {
        method: 'POST',
        json: { email: 'ira@example.ru', password: '303030303' },
      })
    ).status,
  ).toBe(200);
  return b;
}

describe('sessions', () => {
  it('refuses a forged token and clears the cookie', async () => {
    const b = new Browserish(s.server.origin);
    b.cookies.set('session', 'a'.repeat(32));
    const response = await b.fetch('/api/me');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'unauthorized', message: expect.any(String) });
    expect(b.cookies.has('session')).toBe(false);
  });

  it('refuses an expired session', async () => {
    const b = await signIn();
    const { db, t } = s.test.database;
    await db
      .update(t.sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(t.sessions.id, sha256Hex(b.cookies.get('session')!)));
    expect((await b.fetch('/api/me')).status).toBe(401);
  });

  it('stores only the SHA-256 of the token', async () => {
    const b = await signIn();
    const token = b.cookies.get('session')!;
    const rows = await s.test.database.db.select().from(s.test.database.t.sessions);
    expect(rows.some((r) => r.id === token)).toBe(false);
    expect(rows.some((r) => r.id === sha256Hex(token))).toBe(true);
  });

  it('extends a session used in the second half of its life', async () => {
    const b = await signIn();
    const { db, t } = s.test.database;
    const id = sha256Hex(b.cookies.get('session')!);
    await db
      .update(t.sessions)
      .set({ expiresAt: new Date(Date.now() + 3 * 86_400_000) })
      .where(eq(t.sessions.id, id));
    const response = await b.fetch('/api/me');
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().join()).toMatch(/^session=/);
    const [row] = await db.select().from(t.sessions).where(eq(t.sessions.id, id));
    expect(row!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  it('signs out: 204, cookie cleared, the session gone', async () => {
    const b = await signIn();
    const token = b.cookies.get('session')!;
    const response = await b.fetch('/api/auth/logout', { method: 'POST' });
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie().join()).toMatch(/session=; .*Max-Age=0/i);
    const stolen = new Browserish(s.server.origin);
    stolen.cookies.set('session', token);
    expect((await stolen.fetch('/api/me')).status).toBe(401);
  });

  it('signs out everywhere', async () => {
    const phone = await signIn();
    const laptop = await signIn();
    expect((await laptop.fetch('/api/auth/logout-all', { method: 'POST' })).status).toBe(204);
    expect((await phone.fetch('/api/me')).status).toBe(401);
    expect((await laptop.fetch('/api/me')).status).toBe(401);
  });

  it('sends the cabinet to the login page when nobody is signed in, and shows it otherwise', async () => {
    const anonymous = await new Browserish(s.server.origin).fetch('/cabinet');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/login?next=/cabinet');
    const page = await (await (await signIn()).fetch('/cabinet')).text();
    expect(page).toContain('ira@example.ru');
    expect(page).toContain('data-way="telegram"');
  });
});

describe('over https', () => {
  let secure: AuthServer;
  beforeAll(async () => {
    secure = await startAuthServer({ APP_DOMAIN: 'https://course.example.ru' });
    await createPasswordUser(secure.test.database, {
      email: 'ira@example.ru',
      password: '303030303',
    });
  });
  afterAll(() => secure?.close());

  it('names the cookie __Host-session and marks it Secure', async () => {
    const response = await fetch(`${secure.server.origin}/api/auth/password`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://course.example.ru' },
      body: JSON.stringify({ email: 'ira@example.ru', password: '303030303' }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^__Host-session=[a-z2-7]{32}; /);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
  });
});
