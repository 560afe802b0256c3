/**
 * /admin's "who is stuck" lists from the core: never linked Stepik, no progress for N days
 * (progress = a sync seeing more passed than before, not merely a sync), staff left out, CSV.
 * On SQLite and (with TEST_DATABASE_URL) PostgreSQL.
 */
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  loadStuckLists,
  findStuckList,
  STUCK_LISTS,
  stuckListCsv,
} from '#api/admin/stuck/lists.ts';
import { addToRoster } from '#api/roster/roster.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { applyProgressBatch } from '#api/sync/apply-progress.ts';
import { dialects, type TestDatabase } from '../support/databases.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const lesson = listLessons(course).find((l) => l.stepikLessonId !== null)!;
const DAY = 24 * 60 * 60_000;
const NOW = new Date('2030-06-10T12:00:00Z');
const config = {
  staff: { emails: ['teacher@example.ru'], telegramIds: [] },
  timeZone: 'Europe/Moscow',
  stuckAfterDays: 7,
  courseAudience: 'stepik' as const,
};

describe.each(dialects)('stuck lists ($name)', ({ create }) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await create();
  });
  afterEach(() => test.dispose());

  async function user(email: string, fields: { stepikUserId?: number; createdAt?: Date } = {}) {
    const [row] = await test.database.db
      .insert(test.database.t.users)
      .values({
        email,
        createdAt: fields.createdAt ?? new Date(NOW.getTime() - 30 * DAY),
        stepikUserId: fields.stepikUserId ?? null,
      })
      .returning();
    return row!;
  }

  /** A sync at `at` in which the student has passed the first `passed` steps of the lesson. */
  async function syncAt(at: Date, userId: number, passed: number): Promise<void> {
    const stepIds = new Map([[lesson.stepikLessonId!, [1, 2, 3, 4, 5]]]);
    const results = new Map(
      [1, 2, 3, 4, 5].map((id) => [id, { isPassed: id <= passed, score: id <= passed ? 1 : 0 }]),
    );
    await applyProgressBatch(test.database, course, stepIds, [{ userId, results }], at);
  }

  const keys = (lists: Awaited<ReturnType<typeof loadStuckLists>>, key: string) =>
    lists.find((l) => l.key === key)!.students.map((s) => s.email);

  it('lists who never linked Stepik and who made no progress for N days; a sync that only repeats the same progress is not progress', async () => {
    await user('teacher@example.ru');
    await user('nolink@example.ru');
    await user('fresh@example.ru', {
      stepikUserId: 1,
      createdAt: new Date(NOW.getTime() - 2 * DAY),
    });
    await user('idle@example.ru', { stepikUserId: 2 });
    const active = await user('active@example.ru', { stepikUserId: 3 });
    const stale = await user('stale@example.ru', { stepikUserId: 4 });
    await syncAt(new Date(NOW.getTime() - 20 * DAY), active.id, 1);
    await syncAt(new Date(NOW.getTime() - 20 * DAY), stale.id, 2);
    await syncAt(new Date(NOW.getTime() - 1 * DAY), active.id, 3);
    // Synced yesterday with the same two steps as 20 days ago: still stuck.
    await syncAt(new Date(NOW.getTime() - 1 * DAY), stale.id, 2);

    const lists = await loadStuckLists(test.database, config, NOW);
    // The roster's list is only for COURSE_AUDIENCE=roster.
    expect(lists.map((l) => l.key)).toEqual(
      STUCK_LISTS.filter((l) => l.key !== 'roster-never-signed-in').map((l) => l.key),
    );
    expect(keys(lists, 'never-linked-stepik')).toEqual(['nolink@example.ru']);
    // fresh: linked 2 days ago, nothing yet — not stuck for 7 days; idle: nothing in 30 days.
    expect(keys(lists, 'no-recent-progress')).toEqual(['idle@example.ru', 'stale@example.ru']);
    const staleRow = lists
      .find((l) => l.key === 'no-recent-progress')!
      .students.find((s) => s.id === stale.id)!;
    expect(staleRow.lastProgressAt).toEqual(new Date(NOW.getTime() - 20 * DAY));
    expect(lists.find((l) => l.key === 'no-recent-progress')!.title).toBe(
      'Нет прогресса больше 7 дней',
    );

    const longer = await loadStuckLists(test.database, { ...config, stuckAfterDays: 21 }, NOW);
    expect(keys(longer, 'no-recent-progress')).toEqual(['idle@example.ru']);
  });

  it('lists who linked Stepik but is missing from the grade book, and (roster courses) who never signed in', async () => {
    const missing = await user('missing@example.ru', { stepikUserId: 11 });
    await user('found@example.ru', { stepikUserId: 12 });
    await test.database.db
      .update(test.database.t.users)
      .set({ stepikMissingSince: new Date(NOW.getTime() - DAY) })
      .where(eq(test.database.t.users.id, missing.id));
    const never = await user('never@example.ru');
    const signedIn = await user('signed@example.ru');
    await test.database.db
      .update(test.database.t.users)
      .set({ lastSignedInAt: new Date(NOW.getTime() - DAY) })
      .where(eq(test.database.t.users.id, signedIn.id));
    await addToRoster(test.database.db, test.database.t, [never.id, signedIn.id], 'cli', NOW);

    const stepikCourse = await loadStuckLists(test.database, config, NOW);
    expect(keys(stepikCourse, 'not-in-course')).toEqual(['missing@example.ru']);
    expect(stepikCourse.find((l) => l.key === 'roster-never-signed-in')).toBeUndefined();

    const rosterCourse = await loadStuckLists(
      test.database,
      { ...config, courseAudience: 'roster' },
      NOW,
    );
    expect(keys(rosterCourse, 'roster-never-signed-in')).toEqual(['never@example.ru']);
    expect(findStuckList('roster-never-signed-in', config)).toBeUndefined();
    expect(
      findStuckList('roster-never-signed-in', { ...config, courseAudience: 'roster' })?.key,
    ).toBe('roster-never-signed-in');
  });

  it('exports a list as CSV with the course time zone named in the times', async () => {
    const stale = await user('=stale@example.ru', { stepikUserId: 4 });
    await test.database.db
      .update(test.database.t.users)
      .set({ firstName: 'Анна' })
      .where(eq(test.database.t.users.id, stale.id));
    await syncAt(new Date('2030-05-01T21:30:00Z'), stale.id, 1);
    const csv = await stuckListCsv(
      test.database,
      config,
      findStuckList('no-recent-progress', config)!,
      NOW,
    );
    const [header, ...rows] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toBe(
      '"user_id","email","first_name","last_name","stepik_user_id","telegram_id","last_progress_at"',
    );
    // A leading "=" is defused for spreadsheets; 21:30 UTC is past midnight in Moscow.
    expect(rows).toEqual([
      `"${stale.id}","'=stale@example.ru","Анна","","4","","2030-05-02 00:30 (Europe/Moscow)"`,
    ]);
    expect(findStuckList('nope', config)).toBeUndefined();
  });

  it('keeps the first sync after an upgrade from making everyone look stuck', async () => {
    const old = await user('old@example.ru', { stepikUserId: 5 });
    await syncAt(new Date(NOW.getTime() - 40 * DAY), old.id, 2);
    // Rows from before progressed_at existed have it empty.
    await test.database.db.update(test.database.t.lessonProgress).set({ progressedAt: null });
    await syncAt(new Date(NOW.getTime() - 1 * DAY), old.id, 2);
    expect(keys(await loadStuckLists(test.database, config, NOW), 'no-recent-progress')).toEqual(
      [],
    );
  });
});
