/** Google (OpenID Connect) and Stepik (OAuth 2) against local fakes, over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordUser } from '#api/auth/users.ts';
import { startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { Browserish } from '../support/browserish.ts';

let s: AuthServer;
beforeAll(async () => {
  s = await startAuthServer();
  s.stepik.state.addLearner({ id: 41_001, firstName: 'Пётр', lastName: 'Сидоров' });
  s.stepik.state.addLearner({ id: 41_002, firstName: 'Вера', lastName: 'Ким' });
  await createPasswordUser(s.test.database, { email: 'petr@example.ru', password: '101010101' });
  await createPasswordUser(s.test.database, { email: 'vera@example.ru', password: '202020202' });
});
afterAll(() => s?.close());

async function signedIn(email: string, password: string): Promise<Browserish> {
  const b = new Browserish(s.server.origin);
  expect(
    (await b.fetch('/api/auth/password', { method: 'POST', json: { email, password } })).status,
  ).toBe(200);
  return b;
}
const me = async (b: Browserish) =>
  (
    (await (await b.fetch('/api/me')).json()) as {
      user: {
        id: number;
        email: string | null;
        stepikUserId: number | null;
        linked: Record<string, boolean>;
      };
    }
  ).user;

describe('Google', () => {
  it('sends the browser to the provider with state and PKCE', async () => {
    const response = await new Browserish(s.server.origin).fetch(
      '/auth/google?next=/lessons/welcome',
    );
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(s.google.authorizeUrl);
    expect(location.searchParams.get('state')).toMatch(/.{20,}/);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('redirect_uri')).toBe(
      `${s.server.origin}/auth/google/callback`,
    );
  });

  it('signs a new person in, creating the account, and lands on the page asked for', async () => {
    s.google.profile = {
      sub: 'google-new',
      email: 'new@gmail.com',
      email_verified: true,
      given_name: 'Новый',
    };
    const b = new Browserish(s.server.origin);
    const landed = await b.follow('/auth/google?next=/lessons/welcome');
    expect(new URL(landed.url).pathname).toBe('/lessons/welcome');
    expect(await me(b)).toMatchObject({
      email: 'new@gmail.com',
      linked: { google: true, password: false },
    });
  });

  it('sets the session cookie of a new sign-in to expire with the session', async () => {
    s.google.profile = { sub: 'google-cookie', email: 'cookie@gmail.com', email_verified: true };
    const b = new Browserish(s.server.origin);
    const toGoogle = await b.fetch('/auth/google');
    const back = await b.fetch(toGoogle.headers.get('location')!);
    const callback = await b.fetch(back.headers.get('location')!);
    expect(callback.status).toBe(302);
    const cookie = callback.headers.getSetCookie().find((line) => line.startsWith('session='));
    expect(cookie).toMatch(/; Expires=/);
    expect(Date.parse(/Expires=([^;]+)/.exec(cookie!)![1]!) - Date.now()).toBeGreaterThan(
      29 * 86_400_000,
    );
  });

  it('finds the account whose email Google verified, instead of making a second one', async () => {
    s.google.profile = { sub: 'google-petr', email: 'Petr@Example.ru', email_verified: true };
    const b = new Browserish(s.server.origin);
    await b.follow('/auth/google');
    expect(await me(b)).toMatchObject({
      email: 'petr@example.ru',
      linked: { google: true, password: true },
    });
  });

  it('does not trust an unverified email', async () => {
    s.google.profile = { sub: 'google-fake-vera', email: 'vera@example.ru', email_verified: false };
    const b = new Browserish(s.server.origin);
    await b.follow('/auth/google');
    expect(await me(b)).toMatchObject({ email: null, linked: { google: true, password: false } });
  });

  it('refuses a callback whose state does not match with 400', async () => {
    const b = new Browserish(s.server.origin);
    const start = await b.fetch('/auth/google');
    const state = new URL(start.headers.get('location')!).searchParams.get('state');
    const response = await b.fetch(`/auth/google/callback?code=x&state=${state}x`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Начните вход заново');
    expect((await b.fetch('/api/me')).status).toBe(401);
  });
});

describe('Stepik linking', () => {
  it('links the Stepik account that Stepik vouches for to the signed-in student', async () => {
    const b = await signedIn('vera@example.ru', '202020202');
    s.stepik.state.autoApproveAs = 41_002;
    const landed = await b.follow('/auth/stepik');
    expect(new URL(landed.url).pathname + new URL(landed.url).search).toBe(
      '/cabinet?notice=linked',
    );
    expect(await landed.text()).toContain('аккаунт Stepik № 41002');
    expect(await me(b)).toMatchObject({ email: 'vera@example.ru', stepikUserId: 41_002 });
  });

  it('refuses a Stepik account that belongs to another student, changing nothing', async () => {
    const b = await signedIn('petr@example.ru', '101010101');
    s.stepik.state.autoApproveAs = 41_002;
    const landed = await b.follow('/auth/stepik');
    expect(landed.status).toBe(409);
    expect(await landed.text()).toContain(
      'Этот аккаунт Stepik уже привязан к другому пользователю',
    );
    expect((await me(b)).stepikUserId).toBeNull();
  });

  it('lets a student unlink all but the last way in', async () => {
    const b = await signedIn('vera@example.ru', '202020202');
    const unlinked = await b.fetch('/api/account/unlink', {
      method: 'POST',
      json: { kind: 'stepik' },
    });
    expect(unlinked.status).toBe(200);
    expect((await me(b)).stepikUserId).toBeNull();

    s.google.profile = { sub: 'google-only' };
    const solo = new Browserish(s.server.origin);
    await solo.follow('/auth/google');
    const refused = await solo.fetch('/api/account/unlink', {
      method: 'POST',
      json: { kind: 'google' },
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: 'last_way_in',
      message: expect.stringContaining('единственный способ'),
    });
    expect((await me(solo)).linked.google).toBe(true);
  });
});
