/** Telegram ways in over real HTTP: the Mini App's initData and the Login Widget's redirect. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordUser } from '#api/auth/users.ts';
import { signInitData, signLoginWidget } from '#api/telegram/index.ts';
import { BOT_TOKEN, startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { Browserish } from '../support/browserish.ts';

let s: AuthServer;
beforeAll(async () => {
  s = await startAuthServer();
});
afterAll(() => s?.close());

const now = (): string => String(Math.floor(Date.now() / 1000));
const initData = (user: object, extra: Record<string, string> = {}, token = BOT_TOKEN): string =>
  signInitData(
    {
      user: JSON.stringify(user).replace(/\//g, '\\/'),
      auth_date: now(),
      chat_type: 'sender',
      ...extra,
    },
    token,
  );

describe('POST /api/auth/telegram-webapp', () => {
  const ivan = {
    id: 5_123_456_789,
    first_name: 'Иван',
    last_name: 'Петров',
    username: 'ivan_p',
    photo_url: 'https://t.me/i/userpic/320/x.svg',
  };

  it('creates the account on the first visit and finds the same one afterwards', async () => {
    const first = await new Browserish(s.server.origin).fetch('/api/auth/telegram-webapp', {
      method: 'POST',
      headers: { Authorization: `tma ${initData(ivan)}` },
    });
    expect(first.status).toBe(200);
    const { user } = (await first.json()) as {
      user: { id: number; telegramId: number; firstName: string };
    };
    expect(user).toMatchObject({ telegramId: ivan.id, firstName: 'Иван' });
    const again = await new Browserish(s.server.origin).fetch('/api/auth/telegram-webapp', {
      method: 'POST',
      headers: { Authorization: `tma ${initData(ivan, { start_param: 'lesson_welcome' })}` },
    });
    expect(((await again.json()) as { user: { id: number } }).user.id).toBe(user.id);
    const [profile] = await s.test.database.db
      .select()
      .from(s.test.database.t.telegramUsers)
      .where(eq(s.test.database.t.telegramUsers.telegramId, ivan.id));
    expect(profile).toMatchObject({
      userId: user.id,
      username: 'ivan_p',
      photoUrl: 'https://t.me/i/userpic/320/x.svg',
    });
  });

  it('accepts the initData header on any session-taking endpoint, without a cookie', async () => {
    const response = await fetch(`${s.server.origin}/api/me`, {
      headers: { Authorization: `tma ${initData(ivan)}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { user: { telegramId: number } }).user.telegramId).toBe(
      ivan.id,
    );
  });

  it.each([
    ['a wrong bot token', () => initData(ivan, {}, '654321:OTHER-token-000000000000000000000')],
    ['a changed field', () => initData(ivan).replace('chat_type=sender', 'chat_type=private')],
    [
      'a stale auth_date',
      () =>
        signInitData(
          {
            user: JSON.stringify(ivan),
            auth_date: String(Math.floor(Date.now() / 1000) - 2 * 86_400),
          },
          BOT_TOKEN,
        ),
    ],
    ['no hash', () => `user=${encodeURIComponent(JSON.stringify(ivan))}&auth_date=${now()}`],
    ['nothing at all', () => ''],
  ])('refuses %s with 401', async (_name, make) => {
    const response = await fetch(`${s.server.origin}/api/auth/telegram-webapp`, {
      method: 'POST',
      headers: { Authorization: `tma ${make()}` },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: expect.stringMatching(/^telegram_(invalid|stale)$/),
      message: expect.any(String),
    });
    const me = await fetch(`${s.server.origin}/api/me`, {
      headers: { Authorization: `tma ${make()}` },
    });
    expect(me.status).toBe(401);
  });
});

describe('POST /api/auth/telegram-webapp with {email, password}', () => {
  const post = (initDataRaw: string, body: object) =>
    fetch(`${s.server.origin}/api/auth/telegram-webapp`, {
      method: 'POST',
      headers: { Authorization: `tma ${initDataRaw}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('links this Telegram to the account the password proves, taking it from an empty Mini App account', async () => {
    await createPasswordUser(s.test.database, { email: 'lena@example.ru', password: '010203040' });
    const lenaTg = { id: 5_555_000_001, first_name: 'Лена' };
    const shell = await post(initData(lenaTg), {});
    const shellId = ((await shell.json()) as { user: { id: number } }).user.id;
    const linked = await post(initData(lenaTg), {
      email: 'LENA@example.ru',
      password: '010203040',
    });
    expect(linked.status).toBe(200);
    const { user } = (await linked.json()) as {
      user: { id: number; email: string; telegramId: number };
    };
    expect(user).toMatchObject({ email: 'lena@example.ru', telegramId: lenaTg.id });
    expect(user.id).not.toBe(shellId);
    const left = await s.test.database.db
      .select()
      .from(s.test.database.t.users)
      .where(eq(s.test.database.t.users.id, shellId));
    expect(left).toEqual([]);
  });

  it('refuses a wrong password (401) and a Telegram that belongs to a real account (409)', async () => {
    await createPasswordUser(s.test.database, { email: 'oleg@example.ru', password: '999888777' });
    expect(
      (
        await post(initData({ id: 5_555_000_002, first_name: 'Олег' }), {
          email: 'oleg@example.ru',
          password: '000000000',
        })
      ).status,
    ).toBe(401);
    // Иван's Telegram (created above) has a Telegram-only account that is now in use: it is not taken silently.
    await s.test.database.db.insert(s.test.database.t.accessOverrides).values({
      userId: (
        await s.test.database.db
          .select()
          .from(s.test.database.t.users)
          .where(eq(s.test.database.t.users.telegramId, 5_123_456_789))
      )[0]!.id,
      lessonSlug: 'welcome',
      action: 'grant',
      actor: 'test',
    });
    const taken = await post(initData({ id: 5_123_456_789, first_name: 'Иван' }), {
      email: 'oleg@example.ru',
      password: '999888777',
    });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ error: 'identity_taken' });
  });
});

describe('GET /auth/telegram/callback (Login Widget)', () => {
  const widget = (fields: Record<string, string>) =>
    `/auth/telegram/callback?${signLoginWidget({ auth_date: now(), ...fields }, BOT_TOKEN)}`;

  it('signs in and redirects to the cabinet with a session cookie', async () => {
    const b = new Browserish(s.server.origin);
    const response = await b.fetch(
      widget({ id: '777000111', first_name: 'Мария', username: 'maria' }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/cabinet');
    const me = (await (await b.fetch('/api/me')).json()) as {
      user: { telegramId: number; firstName: string };
    };
    expect(me.user).toMatchObject({ telegramId: 777000111, firstName: 'Мария' });
  });

  it.each([
    ['a tampered name', (q: string) => q.replace('first_name=%D0%9C', 'first_name=%D0%9D')],
    [
      'a stale auth_date',
      () =>
        `/auth/telegram/callback?${signLoginWidget({ id: '777000111', first_name: 'x', auth_date: String(Math.floor(Date.now() / 1000) - 3 * 86_400) }, BOT_TOKEN)}`,
    ],
    [
      'initData signed the Mini App way',
      () =>
        `/auth/telegram/callback?${signInitData({ id: '777000111', first_name: 'x', auth_date: now() }, BOT_TOKEN)}`,
    ],
  ])('refuses %s with a 401 page', async (_name, change) => {
    const b = new Browserish(s.server.origin);
    const response = await b.fetch(change(widget({ id: '777000111', first_name: 'Мария' })));
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('data-auth-error');
    expect(b.cookies.size).toBe(0);
  });

  it('links Telegram to the signed-in account only after a same-site POST, and refuses a Telegram that belongs to someone else', async () => {
    await createPasswordUser(s.test.database, { email: 'olga@example.ru', password: '555555555' });
    const b = new Browserish(s.server.origin);
    expect(
      (
        await b.fetch('/api/auth/password', {
          method: 'POST',
          json: { email: 'olga@example.ru', password: '555555555' },
        })
      ).status,
    ).toBe(200);
    const me = async () =>
      ((await (await b.fetch('/api/me')).json()) as { user: { telegramId: number | null } }).user
        .telegramId;
    const query = widget({ id: '888000222', first_name: 'Ольга' }).split('?')[1]!;

    // A GET (which a link on any site can cause) only asks.
    const asked = await b.fetch(`/auth/telegram/callback?${query}`);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('data-link-telegram');
    expect(await me()).toBeNull();

    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const forged = await b.fetch('/auth/telegram/callback', {
      method: 'POST',
      body: query,
      headers: { ...form, Origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect(await me()).toBeNull();

    const linked = await b.fetch('/auth/telegram/callback', {
      method: 'POST',
      body: query,
      headers: form,
    });
    expect(linked.status).toBe(303);
    expect(linked.headers.get('location')).toBe('/cabinet?notice=linked');
    expect(await me()).toBe(888000222);

    const taken = await b.fetch('/auth/telegram/callback', {
      method: 'POST',
      body: widget({ id: '777000111', first_name: 'Мария' }).split('?')[1]!,
      headers: form,
    });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('уже привязан');
    expect(await me()).toBe(888000222);
  });
});
