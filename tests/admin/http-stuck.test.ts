/**
 * /admin over real HTTP: the "who is stuck" counts and lists with their CSV, the sync status the
 * page polls (GET /api/admin/sync), the failing-sync banner, times in TIME_ZONE with its name,
 * and /api/me telling the navigation who is staff.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordUser } from '#api/auth/users.ts';
import { startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { Browserish } from '../support/browserish.ts';

let s: AuthServer;
beforeAll(async () => {
  s = await startAuthServer({
    STAFF_EMAILS: 'teacher@example.ru',
    TIME_ZONE: 'Asia/Novosibirsk',
    STUCK_AFTER_DAYS: '3',
  });
  const { database } = s.test;
  await createPasswordUser(database, { email: 'teacher@example.ru', password: '777777777' });
  await createPasswordUser(database, {
    email: 'nolink@example.ru',
    password: '111111111',
    firstName: 'Без',
    lastName: 'Stepik',
  });
  const linked = await createPasswordUser(database, {
    email: 'linked@example.ru',
    password: '222222222',
  });
  // Linked 10 days ago, no progress since: stuck for STUCK_AFTER_DAYS=3.
  await database.db
    .update(database.t.users)
    .set({ stepikUserId: 700_003, createdAt: new Date(Date.now() - 10 * 86_400_000) })
    .where(eq(database.t.users.id, linked.id));
});
afterAll(() => s?.close());

async function as(email: string, password: string): Promise<Browserish> {
  const b = new Browserish(s.server.origin);
  expect(
    (await b.fetch('/api/auth/password', { method: 'POST', json: { email, password } })).status,
  ).toBe(200);
  return b;
}

describe('who is stuck, on /admin', () => {
  it('shows a count and a list for each, without staff, with the time zone named', async () => {
    const teacher = await as('teacher@example.ru', '777777777');
    const page = await (await teacher.fetch('/admin')).text();
    expect(page).toMatch(/data-stuck-count="never-linked-stepik" data-count="1"/);
    expect(page).toMatch(/data-stuck-count="no-recent-progress" data-count="1"/);
    expect(page).toContain('Нет прогресса больше 3 дней');
    const neverLinked = page.slice(
      page.indexOf('data-stuck-list="never-linked-stepik"'),
      page.indexOf('data-stuck-list="no-recent-progress"'),
    );
    expect(neverLinked).toContain('nolink@example.ru');
    expect(neverLinked).not.toContain('teacher@example.ru');
    expect(page).toContain('Время — Asia/Novosibirsk.');
  });

  it('exports each list as CSV; an unknown list is a 400 naming the known ones', async () => {
    const teacher = await as('teacher@example.ru', '777777777');
    const response = await teacher.fetch('/api/admin/stuck.csv?list=never-linked-stepik');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const rows = (await response.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('"nolink@example.ru","Без","Stepik"');
    const stale = (
      await (await teacher.fetch('/api/admin/stuck.csv?list=no-recent-progress')).text()
    )
      .trim()
      .split('\r\n');
    expect(stale[1]).toContain('"linked@example.ru"');
    const unknown = await teacher.fetch('/api/admin/stuck.csv?list=everyone');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      error: 'unknown_list',
      message: 'Нет такого списка. Есть: never-linked-stepik, no-recent-progress, not-in-course.',
    });
  });

  it.each([['/api/admin/stuck.csv?list=never-linked-stepik'], ['/api/admin/sync']])(
    '%s: 401 for nobody, 403 for a student',
    async (route) => {
      expect((await new Browserish(s.server.origin).fetch(route)).status).toBe(401);
      const student = await as('nolink@example.ru', '111111111');
      expect((await student.fetch(route)).status).toBe(403);
    },
  );
});

describe('the sync status and the failing-sync banner', () => {
  it('GET /api/admin/sync gives the latest run with its line; failures show a banner until a run works', async () => {
    const teacher = await as('teacher@example.ru', '777777777');
    const { database } = s.test;
    const runs = database.t.syncRuns;
    const first = new Date('2030-03-01T01:00:00Z');
    await database.db.insert(runs).values({
      kind: 'progress',
      status: 'ok',
      startedAt: new Date(first.getTime() - 3_600_000),
      finishedAt: new Date(first.getTime() - 3_590_000),
      students: 3,
      lessonsUnlocked: 1,
    });
    await database.db.insert(runs).values({
      kind: 'progress',
      status: 'failed',
      startedAt: first,
      finishedAt: first,
      message: 'Stepik: 401 invalid_client',
    });
    await database.db.insert(runs).values({
      kind: 'progress',
      status: 'failed',
      startedAt: new Date(first.getTime() + 600_000),
      finishedAt: new Date(first.getTime() + 600_000),
      message: 'Stepik: 401 invalid_client',
    });
    // A student's "Проверить снова" that worked does not end the streak.
    await database.db.insert(runs).values({
      kind: 'student',
      status: 'ok',
      startedAt: new Date(first.getTime() + 700_000),
      finishedAt: new Date(first.getTime() + 700_000),
    });

    const status = await (await teacher.fetch('/api/admin/sync')).json();
    expect(status.run).toMatchObject({ status: 'failed', message: 'Stepik: 401 invalid_client' });
    expect(status.text).toBe(
      'Последняя синхронизация: 2030-03-01 08:10 (Asia/Novosibirsk) — ошибка (Stepik: 401 invalid_client)',
    );
    expect(status.banner).toEqual([
      'Синхронизация со Stepik не работает с 2030-03-01 08:00 (Asia/Novosibirsk) (2 неудачных запуска подряд). Прогресс студентов не обновляется.',
      'Последняя ошибка: Stepik: 401 invalid_client',
    ]);
    const page = await (await teacher.fetch('/admin')).text();
    expect(page).toMatch(/<div data-sync-banner role="alert" class="sync-banner"[^>]*>/);
    expect(page).not.toMatch(/<div data-sync-banner[^>]*hidden/);
    expect(page).toContain('не работает с 2030-03-01 08:00 (Asia/Novosibirsk)');

    await database.db.insert(runs).values({
      kind: 'progress',
      status: 'ok',
      startedAt: new Date(first.getTime() + 1_200_000),
      finishedAt: new Date(first.getTime() + 1_212_000),
      students: 3,
      lessonsUnlocked: 2,
    });
    const healed = await (await teacher.fetch('/api/admin/sync')).json();
    expect(healed.banner).toEqual([]);
    expect(healed.text).toBe(
      'Последняя синхронизация: 2030-03-01 08:20 (Asia/Novosibirsk) — успешно. Готово: 3 студента в журнале, открыто 2 урока, 12 с.',
    );
    expect(await (await teacher.fetch('/admin')).text()).toMatch(
      /<div data-sync-banner[^>]*hidden/,
    );
  });
});

describe('the navigation link to /admin', () => {
  it('/api/me says staff: true only for staff', async () => {
    const teacher = await as('teacher@example.ru', '777777777');
    expect(await (await teacher.fetch('/api/me')).json()).toMatchObject({
      staff: true,
      user: { email: 'teacher@example.ru' },
    });
    const student = await as('nolink@example.ru', '111111111');
    expect(await (await student.fetch('/api/me')).json()).toMatchObject({ staff: false });
  });

  it('is in the server-rendered page for staff, hidden for a student', async () => {
    const teacher = await as('teacher@example.ru', '777777777');
    expect(await (await teacher.fetch('/cabinet')).text()).toMatch(
      /<a href="\/admin" data-staff-link>/,
    );
    const student = await as('nolink@example.ru', '111111111');
    expect(await (await student.fetch('/cabinet')).text()).toMatch(
      /<a href="\/admin" data-staff-link hidden>/,
    );
  });
});
