/**
 * Input that reaches the database is checked first: control characters in an email or a name,
 * numbers past what a column holds, a `back` that would break the Location header. Each used to
 * be a 500 (on PostgreSQL at least); now a 400 that names the problem, or a normal page.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInitData } from '#api/telegram/index.ts';
import { BOT_TOKEN } from '../support/auth-server.ts';
import { dialects } from '../support/databases.ts';
import { lessons, STAFF_EMAIL, startHardenedSite, type HardenedSite } from './support.ts';

const lesson = lessons.find((l) => l.videos.length === 1)!;

function initData(user: Record<string, unknown>): string {
  return signInitData(
    {
      user: JSON.stringify(user),
      auth_date: String(Math.floor(Date.now() / 1000)),
      chat_type: 'sender',
    },
    BOT_TOKEN,
  );
}

describe.each(dialects)('input checks over HTTP on $name', ({ create }) => {
  let site: HardenedSite;
  beforeAll(async () => {
    site = await startHardenedSite(create, []);
  });
  afterAll(() => site?.close());

  const post = (path: string, json: unknown, headers: Record<string, string> = {}) =>
    fetch(`${site.server.origin}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: site.server.origin, ...headers },
      body: JSON.stringify(json),
    });

  it.each([
    'anna\u0000@example.ru',
    'an\u0001na@example.ru',
    'anna@exam\u007fple.ru',
    'anna@example.ru\u0085',
  ])(
    'sign-in with a control character in the email %j: 400 malformed, no session',
    async (email) => {
      const response = await post('/api/auth/password', { email, password: '111222333' });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'malformed', message: expect.any(String) });
      expect(response.headers.get('set-cookie')).toBeNull();
    },
  );

  it('a form sign-in with a control character in `next` still lands on a safe page', async () => {
    const form = new URLSearchParams({
      email: 'student@example.ru',
      password: '111222333',
      next: '/cabinet\r\nSet-Cookie: x=1',
    });
    const response = await fetch(`${site.server.origin}/api/auth/password`, {
      method: 'POST',
      headers: { Origin: site.server.origin },
      body: form,
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/cabinet');
  });

  it.each([
    ['first_name', { first_name: 'Ива\u0000н' }],
    ['last_name', { first_name: 'Иван', last_name: 'Пе\u0007тров' }],
    ['username', { first_name: 'Иван', username: 'ivan\u0000' }],
  ])(
    'a Mini App sign-in with a control character in %s: 400, nothing stored',
    async (_field, names) => {
      const telegramId = 880_000 + Math.floor(Math.random() * 10_000);
      const response = await post(
        '/api/auth/telegram-webapp',
        {},
        { Authorization: `tma ${initData({ id: telegramId, ...names })}` },
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'malformed_profile',
        message: expect.stringMatching(/недопустимые символы/),
      });
      const { db, t } = site.test.database;
      expect(await db.select().from(t.users).where(eq(t.users.telegramId, telegramId))).toEqual([]);
      expect(
        await db.select().from(t.telegramUsers).where(eq(t.telegramUsers.telegramId, telegramId)),
      ).toEqual([]);
    },
  );

  const LONG_SEARCH = `q=${encodeURIComponent('я'.repeat(1000))}`;
  it.each([
    'q=3000000000',
    'q=%00',
    'q=99999999999999999999',
    'page=1e400',
    'page=-5',
    'page=99999999999999999999',
    'q=%00%01anna&page=0',
    LONG_SEARCH,
  ])('/admin?%s is a normal page', async (query) => {
    const staff = await site.signIn(STAFF_EMAIL);
    const response = await staff.fetch(`/admin?${query}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('data-matrix');
  });

  it('/admin?q=<an id> still finds that student', async () => {
    const staff = await site.signIn(STAFF_EMAIL);
    const html = await (await staff.fetch(`/admin?q=${site.studentId}`)).text();
    expect(html).toContain(`data-student="${site.studentId}"`);
  });

  it.each([
    '/admin?module=1\r\nX-Evil: 1',
    '/admin\n',
    '/admin?q=\u0000',
    'https://evil.example/admin',
    '/adminx',
  ])('/api/admin/access with back=%j: 400 before anything is applied', async (back) => {
    const staff = await site.signIn(STAFF_EMAIL);
    const form = new URLSearchParams({
      userId: String(site.studentId),
      lesson: lesson.slug,
      action: 'grant',
      back,
    });
    const response = await staff.fetch('/api/admin/access', {
      method: 'POST',
      body: form,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'malformed',
      message: expect.stringMatching(/^back: /),
    });
    const { db, t } = site.test.database;
    expect(
      await db.select().from(t.accessOverrides).where(eq(t.accessOverrides.userId, site.studentId)),
    ).toEqual([]);
  });

  it('/api/admin/access with a good back redirects there; ids past what users.id holds are 400 or 404, never 500', async () => {
    const staff = await site.signIn(STAFF_EMAIL);
    const form = new URLSearchParams({
      userId: String(site.studentId),
      lesson: lesson.slug,
      action: 'reset',
      back: '/admin?module=1&q=%D0%B0',
    });
    const response = await staff.fetch('/api/admin/access', {
      method: 'POST',
      body: form,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin?module=1&q=%D0%B0&notice=changed');
    for (const userId of ['3000000000', '99999999999999999999', '1e400', '-1', '1.5', '']) {
      const answer = await staff.fetch('/api/admin/access', {
        method: 'POST',
        json: { userId, lesson: lesson.slug, action: 'grant' },
      });
      expect([400, 404], `userId ${userId}`).toContain(answer.status);
      expect(await answer.json()).toMatchObject({
        error: expect.stringMatching(/^(malformed|user_not_found)$/),
      });
    }
  });

  it('none of it made the server log an unexpected error', () => {
    expect(site.server.output()).not.toMatch(/failed:/);
  });
});
