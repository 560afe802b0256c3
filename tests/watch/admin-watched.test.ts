/**
 * Watched video for staff: the matrix carries each student's watched share per lesson, and
 * "не досмотрели" keeps the students with an open lesson of the module not watched enough —
 * on SQLite and PostgreSQL, and on the /admin page itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { setOverrides } from '#api/access/overrides.ts';
import { loadMatrix } from '#api/admin/matrix.ts';
import { parseMatrixQuery } from '#api/admin/matrix-query.ts';
import { createPasswordUser } from '#api/auth/users.ts';
import { loadCourseContent } from '#api/course/load.ts';
import type { Database } from '#api/db/client.ts';
import { builtSite } from '../support/built-site.ts';
import { Browserish } from '../support/browserish.ts';
import {
  createSqliteDatabase,
  dialects,
  disposeAfterEach,
  type TestDatabase,
} from '../support/databases.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const module = course.modules[0]!;
const lesson = module.lessons.find((l) => l.videos.length === 1)!;
const other = course.modules[1]!.lessons[0]!;
const NOW = new Date('2026-03-01T10:00:00.000Z');

/** Stores what a student watched of a part directly (the endpoint is tested on its own). */
async function watched(
  database: Database,
  userId: number,
  code: string,
  seconds: number,
  duration: number,
): Promise<void> {
  await database.db.insert(database.t.watchProgress).values({
    userId,
    mediaCode: code,
    lessonSlug: 'x',
    intervals: seconds ? [[0, seconds]] : [],
    watchedSeconds: seconds,
    duration,
    lastReportAt: NOW,
  });
}

async function students(database: Database) {
  const make = async (email: string) =>
    (
      await database.db
        .insert(database.t.users)
        .values({ email })
        .returning({ id: database.t.users.id })
    )[0]!.id;
  const ids = {
    full: await make('a-full@example.ru'),
    half: await make('b-half@example.ru'),
    none: await make('c-none@example.ru'),
    closed: await make('d-closed@example.ru'),
    elsewhere: await make('e-elsewhere@example.ru'),
  };
  for (const id of [ids.full, ids.half, ids.none])
    await setOverrides(database, { userId: id, lessons: [lesson], action: 'grant', actor: 'test' });
  await setOverrides(database, {
    userId: ids.elsewhere,
    lessons: [other],
    action: 'grant',
    actor: 'test',
  });
  const code = lesson.videos[0]!.code;
  await watched(database, ids.full, code, 100, 100);
  await watched(database, ids.half, code, 50, 100);
  // Watched before staff closed it: shown, but a closed lesson is not "not watched".
  await watched(database, ids.closed, code, 10, 100);
  return ids;
}

describe.each(dialects)('the matrix on $name', ({ create }) => {
  const fresh = disposeAfterEach();

  it("carries each student's watched share per lesson", async () => {
    const { database } = await fresh(create);
    const ids = await students(database);
    const { rows } = await loadMatrix(database, course);
    const share = (id: number) => rows.find((r) => r.user.id === id)!.watched.get(lesson.slug);
    expect([share(ids.full), share(ids.half), share(ids.none), share(ids.closed)]).toEqual([
      1, 0.5, 0, 0.1,
    ]);
    expect(rows[0]!.watched.has(lesson.slug)).toBe(true);
  });

  it('"не досмотрели" keeps students with an open lesson of the module watched less than all of it', async () => {
    const { database } = await fresh(create);
    const ids = await students(database);
    const page = await loadMatrix(database, course, { notWatchedIn: module.lessons });
    expect(page.rows.map((r) => r.user.id)).toEqual([ids.half, ids.none]);
    expect(page.total).toBe(2);
    // Paged after filtering; the search still applies.
    expect(
      (
        await loadMatrix(database, course, { notWatchedIn: module.lessons, limit: 1, offset: 1 })
      ).rows.map((r) => r.user.id),
    ).toEqual([ids.none]);
    expect(
      (
        await loadMatrix(database, course, { notWatchedIn: module.lessons, search: 'half' })
      ).rows.map((r) => r.user.id),
    ).toEqual([ids.half]);
    // The other module: only the student whose lesson there is open and unwatched.
    expect(
      (await loadMatrix(database, course, { notWatchedIn: course.modules[1]!.lessons })).rows.map(
        (r) => r.user.id,
      ),
    ).toEqual([ids.elsewhere]);
  });
});

describe('the /admin page', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let ids: Awaited<ReturnType<typeof students>>;
  beforeAll(async () => {
    test = await createSqliteDatabase();
    await createPasswordUser(test.database, { email: 'teacher@example.ru', password: '777777777' });
    ids = await students(test.database);
    server = await startBuiltServer(builtSite(), {
      DATABASE_URL: test.url,
      STAFF_EMAILS: 'teacher@example.ru',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await test?.dispose();
  });

  it('shows the video watched beside the steps, and filters "не досмотрели"', async () => {
    const teacher = new Browserish(server.origin);
    expect(
      (
        await teacher.fetch('/api/auth/password', {
          method: 'POST',
          json: { email: 'teacher@example.ru', password: '777777777' },
        })
      ).status,
    ).toBe(200);
    const all = await (await teacher.fetch(`/admin?module=${module.position}`)).text();
    const cellOf = (html: string, id: number) =>
      new RegExp(`data-cell="${id}:${lesson.slug}"[^>]*>([\\s\\S]*?)</td>`).exec(html)?.[1] ?? '';
    expect(cellOf(all, ids.full)).toContain('видео 100 %');
    expect(cellOf(all, ids.half)).toContain('видео 50 %');
    expect(cellOf(all, ids.none)).toContain('видео 0 %');
    expect(cellOf(all, ids.closed)).toContain('видео 10 %');
    expect(all).toContain('Только не досмотревшие');
    const filtered = await (
      await teacher.fetch(`/admin?module=${module.position}&watched=under`)
    ).text();
    const rowsOf = (html: string) =>
      [...html.matchAll(/<tr data-student="(\d+)"/g)].map((m) => Number(m[1]));
    expect(rowsOf(all)).toEqual([
      ids.full,
      ids.half,
      ids.none,
      ids.closed,
      ids.elsewhere,
      expect.any(Number),
    ]);
    expect(rowsOf(filtered)).toEqual([ids.half, ids.none]);
    expect(filtered).toMatch(/<input[^>]*checked[^>]*data-not-watched/);
    expect(all).not.toMatch(/<input[^>]*checked[^>]*data-not-watched/);
    // The cell forms come back to the filtered page.
    expect(filtered).toContain(
      'name="back" value="/admin?module=1&#38;q=&#38;page=1&#38;watched=under"',
    );
  });

  it('reads the filter from the query string', () => {
    expect(parseMatrixQuery(course, new URLSearchParams('watched=under')).notWatched).toBe(true);
    expect(parseMatrixQuery(course, new URLSearchParams('watched=yes')).notWatched).toBe(false);
  });
});
