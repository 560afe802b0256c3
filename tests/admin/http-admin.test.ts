/** /admin over real HTTP: only staff get in; the matrix, per-cell decisions, CSV export and "sync now". */
import { eq } from 'drizzle-orm';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordUser } from '#api/auth/users.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { Browserish } from '../support/browserish.ts';
import { POLL } from '../support/waits.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const lesson = listLessons(course)[1]!;

let s: AuthServer;
let studentId = 0;
beforeAll(async () => {
  s = await startAuthServer({ STAFF_EMAILS: 'Teacher@Example.ru, other@example.ru' });
  await createPasswordUser(s.test.database, {
    email: 'teacher@example.ru',
    password: '777777777',
    firstName: 'Мария',
    lastName: 'Ивановна',
  });
  const student = await createPasswordUser(s.test.database, {
    email: 'kate@example.ru',
    password: '333333333',
    firstName: 'Катя',
  });
  studentId = student.id;
  await s.test.database.db
    .update(s.test.database.t.users)
    .set({ stepikUserId: 700_003 })
    .where(eq(s.test.database.t.users.id, student.id));
});
afterAll(() => s?.close());

async function as(email: string, password: string): Promise<Browserish> {
  const b = new Browserish(s.server.origin);
  expect(
    (await b.fetch('/api/auth/password', { method: 'POST', json: { email, password } })).status,
  ).toBe(200);
  return b;
}

describe('who may open /admin', () => {
  const routes: [string, RequestInit & { json?: unknown }][] = [
    ['/admin', {}],
    ['/api/admin/matrix.csv', {}],
    [
      '/api/admin/access',
      { method: 'POST', json: { userId: 1, lesson: 'welcome', action: 'grant' } },
    ],
    ['/api/admin/sync', { method: 'POST' }],
  ];

  it.each(routes)('%s: 401 for nobody', async (route, init) => {
    expect((await new Browserish(s.server.origin).fetch(route, init)).status).toBe(401);
  });

  it.each(routes)('%s: 403 for a student', async (route, init) => {
    const student = await as('kate@example.ru', '333333333');
    const response = await student.fetch(route, init);
    expect(response.status).toBe(403);
    if (route === '/admin') expect(await response.text()).toContain('только для преподавателей');
  });
});

describe('the matrix for staff', () => {
  it('lists students × lessons of the chosen module, with search', async () => {
    const teacher = await as('teacher@example.ru', '777777777');
    const page = await (await teacher.fetch('/admin?module=1')).text();
    expect(page).toContain('data-matrix');
    expect(page).toContain(`data-cell="${studentId}:${lesson.slug}"`);
    expect(page).toContain('kate@example.ru');
    // The demo's final project opens a week after the start: its cells say when, in the student's words.
    const third = await (await teacher.fetch('/admin?module=3')).text();
    expect(third).toMatch(
      /закрыт · \d+\/\d+ \(откроется \d+ [а-я]+( \d{4} г\.)? в \d\d:\d\d \(МСК\)\)/,
    );
    const searched = await (await teacher.fetch('/admin?q=kate')).text();
    expect(searched).toContain('kate@example.ru');
    expect(searched).not.toContain('<th>teacher@example.ru');
  });

  it('opens and closes a cell, and the gate follows', async () => {
    const teacher = await as('teacher@example.ru', '777777777');
    const kate = await as('kate@example.ru', '333333333');
    expect((await kate.fetch(`/api/lessons/${lesson.slug}/video`)).status).toBe(403);
    const form = new URLSearchParams({
      userId: String(studentId),
      lesson: lesson.slug,
      action: 'grant',
      back: '/admin?module=1',
    });
    const granted = await teacher.fetch('/api/admin/access', {
      method: 'POST',
      body: form,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(granted.status).toBe(303);
    expect(granted.headers.get('location')).toBe('/admin?module=1&notice=changed');
    expect((await kate.fetch(`/api/lessons/${lesson.slug}/video`)).status).toBe(200);
    const [override] = await s.test.database.db
      .select()
      .from(s.test.database.t.accessOverrides)
      .where(eq(s.test.database.t.accessOverrides.userId, studentId));
    expect(override).toMatchObject({ action: 'grant', actor: 'teacher@example.ru' });
    expect(
      (
        await teacher.fetch('/api/admin/access', {
          method: 'POST',
          json: { userId: studentId, lesson: lesson.slug, action: 'revoke' },
        })
      ).status,
    ).toBe(200);
    expect((await kate.fetch(`/api/lessons/${lesson.slug}/video`)).status).toBe(403);
    expect(
      (
        await teacher.fetch('/api/admin/access', {
          method: 'POST',
          json: { userId: studentId, lesson: 'nope', action: 'grant' },
        })
      ).status,
    ).toBe(400);
  });

  it('exports the whole matrix as CSV', async () => {
    const teacher = await as('teacher@example.ru', '777777777');
    const response = await teacher.fetch('/api/admin/matrix.csv');
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = await response.text();
    const [header, ...rows] = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toBe(
      [
        'user_id',
        'email',
        'first_name',
        'last_name',
        'stepik_user_id',
        ...listLessons(course).map((l) => l.slug),
      ]
        .map((c) => `"${c}"`)
        .join(','),
    );
    expect(rows.find((r) => r.includes('kate@example.ru'))).toContain('"closed 0/0 (revoke)"');
  });

  it('starts a sync and shows when it ran and how it went', async () => {
    s.stepik.state.setLessonPassed(700_003, listLessons(course)[0]!.stepikLessonId!, true);
    const teacher = await as('teacher@example.ru', '777777777');
    const started = await teacher.fetch('/api/admin/sync', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(started.status).toBe(303);
    await expect
      .poll(
        async () =>
          (await s.test.database.db.select().from(s.test.database.t.syncRuns)).map((r) => r.status),
        POLL,
      )
      .toContain('ok');
    const page = await (await teacher.fetch('/admin')).text();
    expect(page).toMatch(/Последняя синхронизация: .* — успешно/);
    const events = await s.test.database.db
      .select()
      .from(s.test.database.t.unlockEvents)
      .where(eq(s.test.database.t.unlockEvents.userId, studentId));
    expect(events.map((e) => e.lessonSlug)).toContain(listLessons(course)[0]!.slug);
  });
});
