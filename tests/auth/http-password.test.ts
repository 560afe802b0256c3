/** POST /api/auth/password over real HTTP: answers, cookie, throttling that survives a restart. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordUser } from '#api/auth/users.ts';
import { startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { Browserish } from '../support/browserish.ts';

let s: AuthServer;
beforeAll(async () => {
  s = await startAuthServer({ TRUSTED_PROXY_HOPS: '1' });
  await createPasswordUser(s.test.database, {
    email: 'anna@example.ru',
    password: '012345678',
    firstName: 'Анна',
  });
  await createPasswordUser(s.test.database, { email: 'locked@example.ru', password: '123123123' });
});
afterAll(() => s?.close());

/** Each test speaks from its own address, so the per-address counter stays out of the way. */
const from = (address: string) => ({ 'X-Forwarded-For': `10.9.9.9, ${address}` });
const signIn = (b: Browserish, email: string, password: string, address: string) =>
  b.fetch('/api/auth/password', {
    method: 'POST',
    json: { email, password },
    headers: from(address),
  });

describe('POST /api/auth/password', () => {
  it('signs in with the email in any case and the password as text, and sets the session cookie', async () => {
    const b = new Browserish(s.server.origin);
    const response = await signIn(b, '  Anna@Example.RU ', '012345678', '198.51.100.1');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      user: { email: 'anna@example.ru', firstName: 'Анна', linked: { password: true } },
    });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('session='))!;
    expect(cookie).toMatch(/^session=[a-z2-7]{32}; /);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Expires=/);
    expect(cookie).not.toMatch(/; Secure/); // plain-http localhost
    const me = await b.fetch('/api/me');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe('anna@example.ru');
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const wrong = await signIn(
      new Browserish(s.server.origin),
      'anna@example.ru',
      '12345678',
      '198.51.100.2',
    );
    const unknown = await signIn(
      new Browserish(s.server.origin),
      'nobody@example.ru',
      '012345678',
      '198.51.100.2',
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect(a).toEqual(b);
    expect(a).toMatchObject({
      error: 'wrong_credentials',
      message: expect.stringContaining('Неверная почта или пароль'),
    });
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it.each([
    ['no password', { email: 'anna@example.ru' }],
    ['a number for a password', { email: 'anna@example.ru', password: 12345678 }],
    ['not an email', { email: 'anna', password: '012345678' }],
  ])('refuses %s with 400', async (_name, body) => {
    const response = await new Browserish(s.server.origin).fetch('/api/auth/password', {
      method: 'POST',
      json: body,
      headers: from('198.51.100.3'),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'malformed',
      message: expect.any(String),
    });
  });

  it('refuses a body that is not JSON with 400', async () => {
    const response = await new Browserish(s.server.origin).fetch('/api/auth/password', {
      method: 'POST',
      body: '{oops',
      headers: { ...from('198.51.100.3'), 'Content-Type': 'application/json' },
    });
    expect(response.status).toBe(400);
  });

  it('refuses a cross-site request before looking at it', async () => {
    const response = await new Browserish(s.server.origin).fetch('/api/auth/password', {
      method: 'POST',
      json: { email: 'anna@example.ru', password: '012345678' },
      headers: { Origin: 'https://evil.example' },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'cross_site' });
  });

  it('locks the account after 5 wrong passwords: the 6th try gets 429, the right password too, even after a restart', async () => {
    const b = new Browserish(s.server.origin);
    for (let i = 0; i < 5; i++)
      expect(
        (await signIn(b, 'locked@example.ru', `00000000${i}`, `203.0.113.${i + 1}`)).status,
      ).toBe(401);
    const sixth = await signIn(b, 'locked@example.ru', '000000009', '203.0.113.50');
    expect(sixth.status).toBe(429);
    const retryAfter = Number(sixth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await sixth.json()).toMatchObject({
      error: 'throttled',
      message: expect.stringContaining('Попробуйте снова через'),
    });
    expect((await signIn(b, 'LOCKED@example.ru', '123123123', '203.0.113.51')).status).toBe(429);
    await s.restart();
    expect(
      (
        await signIn(
          new Browserish(s.server.origin),
          'locked@example.ru',
          '123123123',
          '203.0.113.52',
        )
      ).status,
    ).toBe(429);
  });

  it('limits one address across accounts, trusting only the configured proxy hop of X-Forwarded-For', async () => {
    const b = new Browserish(s.server.origin);
    for (let i = 0; i < 20; i++) {
      // The client may write anything on the left; the address our proxy saw is the last entry.
      const response = await b.fetch('/api/auth/password', {
        method: 'POST',
        json: { email: `guess${i}@example.ru`, password: '111111111' },
        headers: { 'X-Forwarded-For': `1.1.1.${i}, 192.0.2.77` },
      });
      expect(response.status).toBe(401);
    }
    const next = await signIn(b, 'anna@example.ru', '012345678', '192.0.2.77');
    expect(next.status).toBe(429);
    expect((await signIn(b, 'anna@example.ru', '012345678', '192.0.2.78')).status).toBe(200);
  });
});
