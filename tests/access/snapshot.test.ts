/**
 * The stored access snapshot (api/access/snapshot.ts) on both dialects: read back while it
 * holds, and never once anything it was computed from has changed — each input table, the
 * Stepik structure, the course and settings, the clock. A held snapshot is tampered with on
 * purpose, so a test sees whether the stored row or a fresh computation answered.
 */
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setOverrides } from '#api/access/overrides.ts';
import {
  loadAccessSnapshot,
  loadLessonAccess,
  snapshotCourseKey,
  type SnapshotSettings,
} from '#api/access/snapshot.ts';
import { loadStudentAccess } from '#api/access/student-access.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import type { Course } from '#api/course/schema.ts';
import type { Database } from '#api/db/client.ts';
import { loadWatchedShares } from '#api/watch/shares.ts';
import { grantConfig } from '../boomstream/support.ts';
import { dialects, disposeAfterEach } from '../support/databases.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const lessons = listLessons(course);
const welcome = lessons.find((l) => l.slug === 'welcome')!;
const variables = lessons.find((l) => l.slug === 'variables')!;
const final = lessons.find((l) => l.slug === 'final-project')!;
const DAY = 86_400_000;
const settings: SnapshotSettings = grantConfig({});
/** The marker a tampered snapshot carries: no real lesson has this many steps. */
const TAMPERED = 999;

const fresh = disposeAfterEach();

/** What the rules say now, computed from scratch: what a snapshot must equal. */
async function computed(
  database: Database,
  userId: number,
  now: Date,
  options: { course?: Course; settings?: SnapshotSettings } = {},
) {
  const c = options.course ?? course;
  const s = options.settings ?? settings;
  const watched = await loadWatchedShares(database, c, userId, s.boomstream);
  const items = await loadStudentAccess(database, c, userId, undefined, {
    audience: s.courseAudience,
    timeZone: s.timeZone,
    watchSource: s.boomstream,
    watched,
    now,
  });
  return { lessons: items, watched };
}

async function student(database: Database): Promise<number> {
  const [user] = await database.db
    .insert(database.t.users)
    .values({
      email: `s-${Math.random().toString(36).slice(2)}@example.ru`,
      stepikUserId: Math.floor(Math.random() * 1e9),
    })
    .returning();
  return user!.id;
}

/**
 * The stored row of a student (none: undefined), its list as stored: JSONB on SQLite, read back
 * with json(); `storage` is SQLite's type of the stored value (PostgreSQL: jsonb).
 */
async function storedRow(database: Database, userId: number) {
  const s = database.t.accessSnapshots;
  const sqlite = database.dialect === 'sqlite';
  const [row] = await database.db
    .select({
      courseKey: s.courseKey,
      validUntil: s.validUntil,
      lessons: sqlite ? sql<unknown[]>`json(${s.lessons})`.mapWith(JSON.parse) : s.lessons,
      storage: sqlite ? sql<string>`typeof(${s.lessons})` : sql<string>`'jsonb'`,
    })
    .from(s)
    .where(eq(s.userId, userId));
  return row;
}

/**
 * Stores a snapshot, then marks every stored lesson with TAMPERED steps (no trigger sees that).
 * Written back through the JSON column, as text on SQLite: a row stored before JSONB reads alike.
 */
async function storeTampered(database: Database, userId: number, now: Date): Promise<void> {
  await loadAccessSnapshot(database, course, settings, userId, now);
  const { db, t } = database;
  const row = await storedRow(database, userId);
  expect(row).toBeDefined();
  const tampered = (row!.lessons as { t: number }[]).map((entry) => ({ ...entry, t: TAMPERED }));
  await db
    .update(t.accessSnapshots)
    .set({ lessons: tampered })
    .where(eq(t.accessSnapshots.userId, userId));
}

async function answeredFromStore(database: Database, userId: number, now: Date) {
  const snapshot = await loadAccessSnapshot(database, course, settings, userId, now);
  return snapshot.lessons.every((l) => l.access.stepsTotal === TAMPERED);
}

/** The stored row answers; after `change`, a fresh computation does, and it is stored again. */
async function expectChangeSeen(
  database: Database,
  userId: number,
  now: Date,
  change: () => Promise<unknown>,
): Promise<void> {
  await storeTampered(database, userId, now);
  expect(await answeredFromStore(database, userId, now)).toBe(true);
  await change();
  const after = await loadAccessSnapshot(database, course, settings, userId, now);
  expect(after).toEqual(await computed(database, userId, now));
  // Stored again, and read back the same.
  expect(await loadAccessSnapshot(database, course, settings, userId, now)).toEqual(after);
}

/** A change that does not touch what access is computed from keeps the stored row. */
async function expectChangeIgnored(
  database: Database,
  userId: number,
  now: Date,
  change: () => Promise<unknown>,
): Promise<void> {
  await storeTampered(database, userId, now);
  await change();
  expect(await answeredFromStore(database, userId, now)).toBe(true);
}

describe.each(dialects)('the access snapshot on $name', ({ create }) => {
  it('is what the rules compute, stored and read back, whole and one lesson at a time', async () => {
    const { database } = await fresh(create);
    const userId = await student(database);
    const now = new Date();
    await database.db.insert(database.t.lessonProgress).values({
      userId,
      lessonId: variables.stepikLessonId!,
      stepsPassed: 1,
      unlockedAt: new Date(now.getTime() - DAY),
    });
    await setOverrides(database, { userId, lessons: [welcome], action: 'revoke', actor: 'test' });
    const expected = await computed(database, userId, now);
    const first = await loadAccessSnapshot(database, course, settings, userId, now);
    expect(first).toEqual(expected);
    const row = await storedRow(database, userId);
    // SQLite keeps the list as JSONB (binary), so one lesson is read without parsing the rest.
    expect(row!.storage).toBe(database.dialect === 'sqlite' ? 'blob' : 'jsonb');
    expect(row!.lessons).toHaveLength(lessons.length);
    expect(row!.courseKey).toBe(snapshotCourseKey(course, settings));
    // The first release still to come: the final project's, a week after the account was made.
    expect(row!.validUntil).toEqual(
      expected.lessons.find((l) => l.lesson === final)!.access.availableAt,
    );
    expect(await loadAccessSnapshot(database, course, settings, userId, now)).toEqual(expected);
    for (const [i, lesson] of lessons.entries())
      expect(await loadLessonAccess(database, course, settings, userId, lesson, now)).toEqual(
        expected.lessons[i],
      );
  });

  it('reads one lesson from the stored row while it holds', async () => {
    const { database } = await fresh(create);
    const userId = await student(database);
    const now = new Date();
    await storeTampered(database, userId, now);
    const one = await loadLessonAccess(database, course, settings, userId, final, now);
    expect(one.access.stepsTotal).toBe(TAMPERED);
    expect(one.lesson).toBe(final);
  });

  it('is computed again after any real change to progress, and kept after a bookkeeping one', async () => {
    const { database } = await fresh(create);
    const { db, t } = database;
    const userId = await student(database);
    const now = new Date();
    const lessonId = variables.stepikLessonId!;
    await expectChangeSeen(database, userId, now, () =>
      db.insert(t.lessonProgress).values({ userId, lessonId, passedStepIds: [1], score: 1 }),
    );
    const progress = () => db.update(t.lessonProgress);
    await expectChangeSeen(database, userId, now, () =>
      progress()
        .set({ passedStepIds: [1, 2] })
        .where(eq(t.lessonProgress.userId, userId)),
    );
    await expectChangeSeen(database, userId, now, () =>
      progress().set({ score: 2 }).where(eq(t.lessonProgress.userId, userId)),
    );
    await expectChangeSeen(database, userId, now, () =>
      progress().set({ unlockedAt: now }).where(eq(t.lessonProgress.userId, userId)),
    );
    // The sync writes every row on every run; one that changes nothing the rules read keeps it.
    await expectChangeIgnored(database, userId, now, () =>
      progress()
        .set({ updatedAt: new Date(now.getTime() + 1000), progressedAt: now, stepsPassed: 2 })
        .where(eq(t.lessonProgress.userId, userId)),
    );
    await expectChangeSeen(database, userId, now, () =>
      db.delete(t.lessonProgress).where(eq(t.lessonProgress.userId, userId)),
    );
  });

  it('is computed again after a staff grant or revoke, and after one is taken back', async () => {
    const { database } = await fresh(create);
    const userId = await student(database);
    const now = new Date();
    await expectChangeSeen(database, userId, now, () =>
      setOverrides(database, { userId, lessons: [final], action: 'grant', actor: 'test' }),
    );
    await expectChangeSeen(database, userId, now, () =>
      setOverrides(database, { userId, lessons: [final], action: 'revoke', actor: 'test' }),
    );
    await expectChangeSeen(database, userId, now, () =>
      database.db
        .delete(database.t.accessOverrides)
        .where(eq(database.t.accessOverrides.userId, userId)),
    );
  });

  it('is computed again when the student watches, joins or leaves the roster, links or goes missing', async () => {
    const { database } = await fresh(create);
    const { db, t } = database;
    const userId = await student(database);
    const now = new Date();
    await expectChangeSeen(database, userId, now, () =>
      db.insert(t.watchProgress).values({
        userId,
        mediaCode: welcome.videos[0]!.code,
        lessonSlug: welcome.slug,
        intervals: [[0, 10]],
        watchedSeconds: 10,
        duration: 100,
        lastReportAt: now,
      }),
    );
    await expectChangeSeen(database, userId, now, () =>
      db
        .update(t.watchProgress)
        .set({ watchedSeconds: 50 })
        .where(eq(t.watchProgress.userId, userId)),
    );
    await expectChangeIgnored(database, userId, now, () =>
      db
        .update(t.watchProgress)
        .set({ lastReportAt: new Date(now.getTime() + 5000) })
        .where(eq(t.watchProgress.userId, userId)),
    );
    await expectChangeSeen(database, userId, now, () =>
      db.insert(t.courseRoster).values({ userId, source: 'cli' }),
    );
    await expectChangeSeen(database, userId, now, () =>
      db
        .update(t.courseRoster)
        .set({ addedAt: new Date(now.getTime() - 30 * DAY) })
        .where(eq(t.courseRoster.userId, userId)),
    );
    await expectChangeSeen(database, userId, now, () =>
      db.delete(t.courseRoster).where(eq(t.courseRoster.userId, userId)),
    );
    await expectChangeSeen(database, userId, now, () =>
      db.update(t.users).set({ stepikMissingSince: now }).where(eq(t.users.id, userId)),
    );
    await expectChangeSeen(database, userId, now, () =>
      db.update(t.users).set({ stepikUserId: null }).where(eq(t.users.id, userId)),
    );
    await expectChangeIgnored(database, userId, now, () =>
      db
        .update(t.users)
        .set({ firstName: 'Аня', lastSignedInAt: now })
        .where(eq(t.users.id, userId)),
    );
  });

  it('is computed again for everyone when the Stepik structure changes, and for no one else by another student', async () => {
    const { database } = await fresh(create);
    const { db, t } = database;
    const userId = await student(database);
    const other = await student(database);
    const now = new Date();
    const lessonId = variables.stepikLessonId!;
    await expectChangeSeen(database, userId, now, () =>
      db.insert(t.stepikLessons).values({ id: lessonId, title: 'x', position: 1, stepIds: [1] }),
    );
    await expectChangeSeen(database, userId, now, () =>
      db
        .update(t.stepikLessons)
        .set({ stepIds: [1, 2] })
        .where(eq(t.stepikLessons.id, lessonId)),
    );
    await expectChangeIgnored(database, userId, now, () =>
      db.update(t.stepikLessons).set({ title: 'y' }).where(eq(t.stepikLessons.id, lessonId)),
    );
    await expectChangeIgnored(database, userId, now, () =>
      setOverrides(database, { userId: other, lessons: [final], action: 'grant', actor: 'test' }),
    );
    await expectChangeSeen(database, userId, now, () =>
      db.delete(t.stepikLessons).where(eq(t.stepikLessons.id, lessonId)),
    );
  });

  it('is computed again when its first release date comes', async () => {
    const { database } = await fresh(create);
    const userId = await student(database);
    const now = new Date();
    const before = await computed(database, userId, now);
    const release = before.lessons.find((l) => l.lesson === final)!.access.availableAt!;
    expect(release.getTime()).toBeGreaterThan(now.getTime());
    await storeTampered(database, userId, now);
    const justBefore = new Date(release.getTime() - 1);
    expect(await answeredFromStore(database, userId, justBefore)).toBe(true);
    const at = new Date(release.getTime());
    const after = await loadAccessSnapshot(database, course, settings, userId, at);
    expect(after).toEqual(await computed(database, userId, at));
    expect(after.lessons.find((l) => l.lesson === final)!.access.reason).not.toBe('not_yet');
  });

  it('is computed again for another course tree or other settings', async () => {
    const { database } = await fresh(create);
    const userId = await student(database);
    const now = new Date();
    await storeTampered(database, userId, now);
    // A watch rule added to the last lesson (a deploy with another course.yaml).
    const changed: Course = structuredClone(course);
    const last = listLessons(changed).at(-1)!;
    last.watch = [{ lesson: welcome.slug, watched: 0.9 }];
    last.release = null;
    const other = await loadAccessSnapshot(database, changed, settings, userId, now);
    expect(other).toEqual(await computed(database, userId, now, { course: changed }));
    expect(other.lessons.at(-1)!.access.reason).toBe('watch');
    for (const env of [{ TIME_ZONE: 'Asia/Novosibirsk' }, { COURSE_AUDIENCE: 'roster' }]) {
      const s = grantConfig(env);
      expect(snapshotCourseKey(course, s)).not.toBe(snapshotCourseKey(course, settings));
      expect(await loadAccessSnapshot(database, course, s, userId, now)).toEqual(
        await computed(database, userId, now, { settings: s }),
      );
    }
  });

  it('goes with the student', async () => {
    const { database } = await fresh(create);
    const userId = await student(database);
    await loadAccessSnapshot(database, course, settings, userId);
    await database.db.delete(database.t.users).where(eq(database.t.users.id, userId));
    expect(await storedRow(database, userId)).toBeUndefined();
    // An unknown student: computed (nobody's lessons open), and nothing stored to break.
    const unknown = await loadAccessSnapshot(database, course, settings, userId);
    expect(unknown.lessons.every((l) => !l.access.open)).toBe(true);
  });
});
