/**
 * Linking Stepik from every door, over real HTTP: the Mini App's one-time link opened in another
 * browser, the errors that name their cause, the deep link for Telegram, and the site addressed
 * by the other loopback name than APP_DOMAIN.
 */
import http from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLinkToken, createLinkToken } from '#api/auth/link-tokens.ts';
import { createPasswordUser, findUserById } from '#api/auth/users.ts';
import { signInitData } from '#api/telegram/index.ts';
import {
  BOT_TOKEN,
  BOT_USERNAME,
  startAuthServer,
  type AuthServer,
} from '../support/auth-server.ts';
import { Browserish } from '../support/browserish.ts';

let s: AuthServer;
let tgUser: number;
const TG_ID = 62_000_001;
beforeAll(async () => {
  s = await startAuthServer();
  for (const [id, firstName] of [
    [42_001, 'Ольга'],
    [42_002, 'Марк'],
    [42_003, 'Лев'],
    [42_004, 'Ия'],
  ] as const)
    s.stepik.state.addLearner({ id, firstName, lastName: 'Тест' });
  const user = await createPasswordUser(s.test.database, {
    email: 'olga@example.ru',
    password: '303030303',
    firstName: 'Ольга',
  });
  await s.test.database.db
    .update(s.test.database.t.users)
    .set({ telegramId: TG_ID })
    .where(eq(s.test.database.t.users.id, user.id));
  tgUser = user.id;
  await createPasswordUser(s.test.database, { email: 'mark@example.ru', password: '404040404' });
  await createPasswordUser(s.test.database, { email: 'lev@example.ru', password: '505050505' });
});
afterAll(() => s?.close());

const tma = (id: number) =>
  `tma ${signInitData({ user: JSON.stringify({ id, first_name: 'Ольга' }), auth_date: String(Math.floor(Date.now() / 1000)) }, BOT_TOKEN)}`;

async function signedIn(
  email: string,
  password: string,
  origin = s.server.origin,
): Promise<Browserish> {
  const b = new Browserish(origin);
  expect(
    (await b.fetch('/api/auth/password', { method: 'POST', json: { email, password } })).status,
  ).toBe(200);
  return b;
}
const stepikIdOf = async (userId: number) =>
  (await findUserById(s.test.database, userId))?.stepikUserId ?? null;

/** The Mini App asks for a link (initData, no cookie) and gets a one-time URL on APP_DOMAIN. */
async function miniAppLink(): Promise<string> {
  const response = await fetch(`${s.server.origin}/api/link/stepik`, {
    method: 'POST',
    headers: { Authorization: tma(TG_ID) },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { url: string; expiresAt: string };
  expect(body.url).toMatch(
    new RegExp(`^${s.server.origin}/auth/stepik-link\\?token=[a-z2-7]{32}$`),
  );
  expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
  return body.url;
}

/** The external browser: the page asks, the form goes to Stepik, Stepik comes back. */
async function openInBrowser(b: Browserish, url: string): Promise<Response> {
  const page = await b.fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Привязать Stepik?');
  const token = new URL(url).searchParams.get('token')!;
  const started = await b.fetch('/auth/stepik-link', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `token=${token}`,
  });
  expect(started.status).toBe(303);
  return b.follow(started.headers.get('location')!);
}

describe('the Mini App link for Stepik', () => {
  it('is refused without a student, and asks nothing of Stepik until confirmed', async () => {
    const anonymous = await fetch(`${s.server.origin}/api/link/stepik`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: 'unauthorized' });
    const unknownKind = await fetch(`${s.server.origin}/api/link/vk`, {
      method: 'POST',
      headers: { Authorization: tma(TG_ID) },
    });
    expect(unknownKind.status).toBe(404);
    expect(await unknownKind.json()).toMatchObject({ error: 'unknown_link_kind' });

    const url = await miniAppLink();
    const b = new Browserish(s.server.origin);
    for (let i = 0; i < 2; i++) expect((await b.fetch(url)).status).toBe(200);
    expect(
      await checkLinkToken(s.test.database, new URL(url).searchParams.get('token')!, 'stepik_link'),
    ).toEqual({ ok: true, userId: tgUser });
  });

  it('links Stepik to the Telegram student in a browser that never signed in, once', async () => {
    const url = await miniAppLink();
    const browser = new Browserish(s.server.origin);
    s.stepik.state.autoApproveAs = 42_001;
    const landed = await openInBrowser(browser, url);
    expect(landed.status).toBe(200);
    expect(await landed.text()).toContain('Вернитесь в Telegram');
    expect(await stepikIdOf(tgUser)).toBe(42_001);
    // Linking signs nobody in: the link stood for the student, not for this browser.
    expect((await browser.fetch('/api/me')).status).toBe(401);

    const again = await browser.fetch(url);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('уже использована');
    await s.test.database.db
      .update(s.test.database.t.users)
      .set({ stepikUserId: null })
      .where(eq(s.test.database.t.users.id, tgUser));
  });

  it('is refused for another student signed in in that browser, linking nothing', async () => {
    const url = await miniAppLink();
    const mark = await signedIn('mark@example.ru', '404040404');
    const page = await mark.fetch(url);
    expect(page.status).toBe(409);
    expect(await page.text()).toContain('выдана для другого аккаунта');
    const token = new URL(url).searchParams.get('token')!;
    const started = await mark.fetch('/auth/stepik-link', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${token}`,
    });
    expect(started.status).toBe(409);
    expect(await stepikIdOf(tgUser)).toBeNull();
  });

  it('is refused when stale, unknown or made for Telegram', async () => {
    const stale = await createLinkToken(
      s.test.database,
      tgUser,
      'stepik_link',
      new Date(Date.now() - 11 * 60_000),
    );
    const expired = await new Browserish(s.server.origin).fetch(
      `/auth/stepik-link?token=${stale.token}`,
    );
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Ссылка для привязки устарела');
    const telegram = await createLinkToken(s.test.database, tgUser, 'telegram_link');
    const wrongPurpose = await new Browserish(s.server.origin).fetch(
      `/auth/stepik-link?token=${telegram.token}`,
    );
    expect(wrongPurpose.status).toBe(404);
    expect(await wrongPurpose.text()).toContain('Ссылка для привязки не найдена');
  });

  it('keeps the link usable when Stepik refuses, and says that Stepik refused', async () => {
    const url = await miniAppLink();
    const b = new Browserish(s.server.origin);
    const token = new URL(url).searchParams.get('token')!;
    const started = await b.fetch('/auth/stepik-link', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${token}`,
    });
    const state = new URL(started.headers.get('location')!).searchParams.get('state');
    const denied = await b.fetch(`/auth/stepik/callback?error=access_denied&state=${state}`);
    expect(denied.status).toBe(400);
    const text = await denied.text();
    expect(text).toContain('Stepik не дал доступа к аккаунту');
    expect(text).not.toContain('Не получилось войти');
    expect(await checkLinkToken(s.test.database, token, 'stepik_link')).toEqual({
      ok: true,
      userId: tgUser,
    });
  });
});

describe('linking errors on the site say what happened', () => {
  it('a lost state, a failed code exchange and a Stepik account linked elsewhere', async () => {
    const lev = await signedIn('lev@example.ru', '505050505');
    const lost = await lev.fetch('/auth/stepik/callback?code=abc&state=' + 'x'.repeat(40));
    expect(lost.status).toBe(400);
    expect(await lost.text()).toContain('Привязка Stepik прервалась');

    const start = await lev.fetch('/auth/stepik');
    const state = new URL(start.headers.get('location')!).searchParams.get('state');
    const exchange = await lev.fetch(`/auth/stepik/callback?code=not-a-code&state=${state}`);
    expect(exchange.status).toBe(400);
    expect(await exchange.text()).toContain('Stepik не подтвердил, чей это аккаунт');

    s.stepik.state.autoApproveAs = 42_002;
    expect(
      (await (await signedIn('mark@example.ru', '404040404')).follow('/auth/stepik')).status,
    ).toBe(200);
    const taken = await lev.follow('/auth/stepik');
    expect(taken.status).toBe(409);
    const text = await taken.text();
    expect(text).toContain('Этот аккаунт Stepik уже привязан к другому пользователю');
    expect(text).not.toContain('Не получилось войти');
  });
});

describe('Уведомления в Telegram', () => {
  it('shows the block to a student without Telegram and hands out a one-time t.me deep link', async () => {
    const lev = await signedIn('lev@example.ru', '505050505');
    expect(await (await lev.fetch('/cabinet')).text()).toContain('Уведомления в Telegram');
    const answer = await lev.fetch('/api/link/telegram', { method: 'POST' });
    expect(answer.status).toBe(200);
    const { url } = (await answer.json()) as { url: string };
    const link = new URL(url);
    expect(link.origin + link.pathname).toBe(`https://t.me/${BOT_USERNAME}`);
    expect(link.searchParams.get('start')).toMatch(/^link_[a-z2-7]{32}$/);
    expect(link.searchParams.get('start')!.length).toBeLessThanOrEqual(64);

    // The cabinet's form (no JavaScript) goes straight to Telegram.
    const form = await lev.fetch('/api/link/telegram', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toMatch(
      new RegExp(`^https://t\\.me/${BOT_USERNAME}\\?start=link_[a-z2-7]{32}$`),
    );
  });

  it('is not offered to a student whose Telegram is linked', async () => {
    const olga = await signedIn('olga@example.ru', '303030303');
    expect(await (await olga.fetch('/cabinet')).text()).not.toContain('Уведомления в Telegram');
    const answer = await olga.fetch('/api/link/telegram', { method: 'POST' });
    expect(answer.status).toBe(409);
    expect(await answer.json()).toMatchObject({ error: 'already_linked' });
  });
});

describe('the site addressed as 127.0.0.1 while APP_DOMAIN says localhost', () => {
  let other: AuthServer;
  beforeAll(async () => {
    other = await startAuthServer((port) => ({ APP_DOMAIN: `http://localhost:${port}` }));
    other.stepik.state.addLearner({ id: 43_001, firstName: 'Нина', lastName: 'Тест' });
    await createPasswordUser(other.test.database, {
      email: 'nina@example.ru',
      password: '606060606',
    });
  });
  afterAll(() => other?.close());

  it('sends Stepik back to 127.0.0.1, where the state and the session are, and links', async () => {
    const b = new Browserish(other.server.origin);
    expect(other.server.origin).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(
      (
        await b.fetch('/api/auth/password', {
          method: 'POST',
          json: { email: 'nina@example.ru', password: '606060606' },
        })
      ).status,
    ).toBe(200);
    const start = await b.fetch('/auth/stepik');
    expect(new URL(start.headers.get('location')!).searchParams.get('redirect_uri')).toBe(
      `${other.server.origin}/auth/stepik/callback`,
    );
    other.stepik.state.autoApproveAs = 43_001;
    const landed = await b.follow('/auth/stepik');
    expect(new URL(landed.url).origin).toBe(other.server.origin);
    expect(new URL(landed.url).pathname + new URL(landed.url).search).toBe(
      '/cabinet?notice=linked',
    );
    const me = (await (await b.fetch('/api/me')).json()) as { user: { stepikUserId: number } };
    expect(me.user.stepikUserId).toBe(43_001);
  });

  it('never takes a foreign Host for the redirect_uri', async () => {
    // fetch() sends its own Host; node:http sends the one given.
    const location = await new Promise<string>((resolve, reject) => {
      const url = new URL(`${other.server.origin}/auth/stepik`);
      http
        .get(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            headers: { Host: `evil.example:${url.port}` },
          },
          (res) => {
            res.resume();
            resolve(String(res.headers.location));
          },
        )
        .on('error', reject);
    });
    const redirectUri = new URL(location).searchParams.get('redirect_uri');
    expect(redirectUri).toMatch(/^http:\/\/localhost:\d+\/auth\/stepik\/callback$/);
  });
});
