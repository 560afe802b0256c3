/** The sync on both dialects: idempotent, keeps what it stored when it fails half-way, one unlock event each. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { loadStudentAccess } from '#api/access/student-access.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { acquireLock, releaseLock } from '#api/sync/lock.ts';
import { runSync, SyncBusyError } from '#api/sync/run.ts';
import { dialects, type TestDatabase } from '../support/databases.ts';
import { SourceDouble } from './source-double.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const [first, second] = listLessons(course) as [
  ReturnType<typeof listLessons>[number],
  ReturnType<typeof listLessons>[number],
];

describe.each(dialects)('sync on $name', ({ create }) => {
  let test: TestDatabase;
  const ids: number[] = [];
  beforeAll(async () => {
    test = await create();
    for (let i = 1; i <= 5; i++) {
      const [u] = await test.database.db
        .insert(test.database.t.users)
        .values({ email: `s${i}@example.ru`, stepikUserId: 500 + i })
        .returning();
      ids.push(u!.id);
    }
  });
  afterAll(() => test?.dispose());
  const snapshot = async () => {
    const { db, t } = test.database;
    const progress = await db
      .select()
      .from(t.lessonProgress)
      .orderBy(t.lessonProgress.userId, t.lessonProgress.lessonId);
    const events = await db.select().from(t.unlockEvents).orderBy(t.unlockEvents.id);
    return {
      progress: progress.map(({ updatedAt: _u, ...rest }) => rest),
      events: events.map((e) => `${e.userId}:${e.lessonSlug}`),
    };
  };

  it('stores progress for linked students, opens passed lessons once, and a second run changes nothing', async () => {
    const source = new SourceDouble(course);
    const steps = source.stepsOf.get(first.stepikLessonId!)!;
    source.pass(501, steps);
    source.pass(502, steps.slice(0, 3));
    source.pass(999_999, steps); // a Stepik learner who never linked an account here
    const summary = await runSync(test.database, course, source);
    expect(summary.structure?.lessons).toBe(listLessons(course).length);
    expect(summary.learners).toBe(3);
    expect(summary.matched).toBe(2);
    expect(summary.unlocked).toEqual([`${ids[0]}:${first.slug}`]);
    const before = await snapshot();
    expect(before.events).toEqual([`${ids[0]}:${first.slug}`]);
    const again = await runSync(test.database, course, source);
    expect(again.unlocked).toEqual([]);
    expect(again.structure).toBeNull();
    expect(await snapshot()).toEqual(before);
    const access = await loadStudentAccess(test.database, course, ids[1]!);
    expect(access[0]!.access).toMatchObject({ open: false, stepsPassed: 3, stepsTotal: 4 });
  });

  it('keeps what it stored when Stepik fails half-way, and never loses an unlock', async () => {
    const source = new SourceDouble(course);
    for (const user of [501, 502, 503, 504, 505])
      source.pass(user, source.stepsOf.get(second.stepikLessonId!)!);
    source.failOnPage = 2;
    await expect(runSync(test.database, course, source)).rejects.toThrow('503 on page 2');
    const events = (await snapshot()).events;
    expect(events).toContain(`${ids[0]}:${second.slug}`);
    expect(events).toContain(`${ids[1]}:${second.slug}`);
    expect(events).not.toContain(`${ids[2]}:${second.slug}`);
    const [run] = await test.database.db
      .select()
      .from(test.database.t.syncRuns)
      .orderBy(test.database.t.syncRuns.id)
      .limit(10)
      .then((r) => r.slice(-1));
    expect(run).toMatchObject({ status: 'failed', message: expect.stringContaining('503') });

    // Stepik now says 501 passed nothing (e.g. a reset): the lesson stays open all the same.
    const later = new SourceDouble(course);
    later.pass(501, []);
    for (const user of [502, 503, 504, 505])
      later.pass(user, later.stepsOf.get(second.stepikLessonId!)!);
    await runSync(test.database, course, later);
    const access = await loadStudentAccess(test.database, course, ids[0]!);
    expect(access.find((a) => a.lesson.slug === second.slug)!.access).toMatchObject({
      open: true,
      reason: 'unlocked',
      stepsPassed: 0,
    });
    const final = (await snapshot()).events.filter((e) => e.endsWith(`:${second.slug}`));
    expect(final).toHaveLength(5);
  });

  it('refreshes one student without the lock and with one request', async () => {
    const source = new SourceDouble(course);
    source.pass(503, source.stepsOf.get(first.stepikLessonId!)!);
    const summary = await runSync(test.database, course, source, { stepikUserId: 503 });
    expect(summary.requests).toBe(1);
    expect(summary.unlocked).toEqual([`${ids[2]}:${first.slug}`]);
  });

  it('moves a slug that now names another Stepik lesson instead of failing on the unique slug', async () => {
    const { db, t } = test.database;
    // The lesson once pointed at Stepik lesson 123: its old row still holds the slug.
    await db
      .update(t.stepikLessons)
      .set({ slug: null })
      .where(eq(t.stepikLessons.slug, first.slug));
    await db
      .insert(t.stepikLessons)
      .values({ id: 123, slug: first.slug, title: 'old', position: 1 });
    await runSync(test.database, course, new SourceDouble(course), { forceStructure: true });
    const rows = await db
      .select({ id: t.stepikLessons.id, slug: t.stepikLessons.slug })
      .from(t.stepikLessons)
      .where(eq(t.stepikLessons.slug, first.slug));
    expect(rows).toEqual([{ id: first.stepikLessonId, slug: first.slug }]);
  });

  it('refuses to run while another sync holds the lock, and takes over an expired lease', async () => {
    expect(await acquireLock(test.database, 'sync', 'other-host', 60_000)).toBe(true);
    await expect(runSync(test.database, course, new SourceDouble(course))).rejects.toBeInstanceOf(
      SyncBusyError,
    );
    await releaseLock(test.database, 'sync', 'other-host');
    expect(
      await acquireLock(test.database, 'sync', 'crashed', 1, new Date(Date.now() - 10_000)),
    ).toBe(true);
    await expect(runSync(test.database, course, new SourceDouble(course))).resolves.toBeDefined();
    const [lock] = await test.database.db
      .select()
      .from(test.database.t.locks)
      .where(eq(test.database.t.locks.name, 'sync'));
    expect(lock).toBeUndefined();
  });
});
