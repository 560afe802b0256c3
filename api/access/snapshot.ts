/**
 * Every lesson's access of one student, stored once computed (access_snapshots) and read back
 * while nothing it was computed from has changed: the gate's closed answer and /api/progress
 * read one row instead of four statements and the rules over the whole course per request.
 *
 * When a snapshot holds, and why it cannot hold longer:
 * - `version`: the student's access mark (access_marks) when the computation began. Triggers
 *   (migration 0008) move it in the same transaction as any real change to the student's
 *   progress, overrides, watching, roster entry or the users columns the rules read, whoever
 *   writes — the sync, a watch report, an import, a load, psql. The mark is read before the
 *   inputs, so a change that lands during a computation leaves the snapshot one version behind,
 *   and the next request computes again.
 * - `epoch`: the same mark for the course's Stepik structure (user 0: the steps of each lesson).
 * - `course_key`: the course tree and the settings the rules read (COURSE_AUDIENCE, TIME_ZONE,
 *   the stand-in's clip length). A deploy with another course.yaml computes again.
 * - `valid_until`: the first release date still to come among its closed lessons — the only
 *   way the clock changes a decision (rules.ts reads `now` for release dates only).
 * Nothing is kept in memory between requests, so every instance sees a change on the next
 * request, as without the snapshot. tests/access/snapshot.test.ts holds each rule to the full
 * computation.
 *
 * The words (a release date in Russian, the reason's sentence) are not stored: they are made
 * from the decision on each answer.
 */
import { createHash } from 'node:crypto';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { CourseAudience } from '../config.ts';
import { lessonIndex, listLessons } from '../course/load.ts';
import type { Course, Lesson } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import { preparedStatement } from '../db/prepared.ts';
import { dateValue, numberValue, textValue } from '../db/row-values.ts';
import { logError } from '../log/safe-error.ts';
import { loadWatchedShares, type DurationSource } from '../watch/shares.ts';
import type { ClosedReason, LessonAccess, OpenReason, Override, WatchCondition } from './rules.ts';
import { loadStudentAccess, type StudentLesson } from './student-access.ts';

/** What the rules read besides the database. */
export interface SnapshotSettings {
  courseAudience: CourseAudience;
  timeZone: string;
  boomstream: DurationSource;
}

/** One lesson in a stored snapshot, in course order (short keys: a row holds the whole course). */
interface StoredLesson {
  /** open */
  o: boolean;
  r: OpenReason | ClosedReason;
  /** steps passed, steps total */
  p: number;
  t: number;
  /** availableAt (ms), with not_yet */
  a?: number;
  w?: WatchCondition;
  /** unlockedAt (ms) */
  u?: number;
  v?: Exclude<Override, null>;
  /** watched share, lessons with video */
  s?: number;
}

export interface AccessSnapshot {
  lessons: StudentLesson[];
  /** Slug → watched share (0–1), lessons with video. */
  watched: Map<string, number>;
}

const courseKeys = new WeakMap<Course, Map<string, string>>();

/** The course tree and the settings the rules read, as one short digest (memoized per course). */
export function snapshotCourseKey(course: Course, settings: SnapshotSettings): string {
  const of = JSON.stringify([
    settings.courseAudience,
    settings.timeZone,
    settings.boomstream.standIn,
  ]);
  let keys = courseKeys.get(course);
  if (!keys) courseKeys.set(course, (keys = new Map()));
  let key = keys.get(of);
  if (key === undefined) {
    key = createHash('sha256')
      .update(of + JSON.stringify(course))
      .digest('base64url')
      .slice(0, 22);
    keys.set(of, key);
  }
  return key;
}

function store(item: StudentLesson, watched: ReadonlyMap<string, number>): StoredLesson {
  const { access } = item;
  const stored: StoredLesson = {
    o: access.open,
    r: access.reason,
    p: access.stepsPassed,
    t: access.stepsTotal,
  };
  if (access.availableAt) stored.a = access.availableAt.getTime();
  if (access.watch) stored.w = access.watch;
  if (item.unlockedAt) stored.u = item.unlockedAt.getTime();
  if (item.override) stored.v = item.override;
  const share = watched.get(item.lesson.slug);
  if (share !== undefined) stored.s = share;
  return stored;
}

function restore(lesson: Lesson, stored: StoredLesson): StudentLesson {
  const access: LessonAccess = {
    open: stored.o,
    reason: stored.r,
    stepsPassed: stored.p,
    stepsTotal: stored.t,
  };
  if (stored.a !== undefined) access.availableAt = new Date(stored.a);
  if (stored.w) access.watch = stored.w;
  return {
    lesson,
    access,
    unlockedAt: stored.u === undefined ? null : new Date(stored.u),
    override: stored.v ?? null,
  };
}

/** The first release date still to come among the closed lessons: when the snapshot stops holding. */
function validUntil(lessons: readonly StudentLesson[]): Date | null {
  let first: number | null = null;
  for (const { access } of lessons)
    if (!access.open && access.reason === 'not_yet' && access.availableAt) {
      const at = access.availableAt.getTime();
      if (first === null || at < first) first = at;
    }
  return first === null ? null : new Date(first);
}

/**
 * The columns that read the marks and the stored snapshot of the `users` row in the query (which
 * must left join access_snapshots on it: `snapshotJoin`), in this order; with `entry`, only one
 * lesson's entry, at the placeholder `path` (SQLite, `$[i]`) or `index` (PostgreSQL):
 * `snapshotEntryParams`. The gate's statement (open-answer.ts) reads them with the session.
 */
export function snapshotColumns(
  database: Database,
  entry: boolean,
  /** Read the marks and the entry only where this holds (null otherwise: no stored decision). */
  when?: SQL,
): Record<string, SQL> {
  const { t } = database;
  const marks = t.accessMarks;
  const s = t.accessSnapshots;
  // The marks' subqueries and the entry's extraction (SQLite parses the whole JSON text) are
  // most of the statement's cost: the gate's open answer needs none of them.
  const only = (value: SQL): SQL => (when ? sql`(case when ${when} then ${value} end)` : value);
  return {
    markVersion: only(
      sql`(select ${marks.version} from ${marks} where ${marks.userId} = ${t.users.id})`,
    ),
    markEpoch: only(sql`(select ${marks.version} from ${marks} where ${marks.userId} = 0)`),
    storedVersion: sql`${s.version}`,
    storedEpoch: sql`${s.epoch}`,
    storedKey: sql`${s.courseKey}`,
    storedUntil: sql`${s.validUntil}`,
    stored: only(
      !entry
        ? database.dialect === 'sqlite'
          ? // Stored as JSONB (storeSnapshot): given back as JSON text.
            sql`json(${s.lessons})`
          : // As text too: the progress answer is kept by it (kept-answers.ts).
            sql`(${s.lessons}::text)`
        : database.dialect === 'sqlite'
          ? sql`json_extract(${s.lessons}, ${sql.placeholder('path')})`
          : // As text, as SQLite gives it: the closed answer's words are kept by it (video-gate.ts).
            sql`((${s.lessons} -> ${sql.placeholder('index')}::int)::text)`,
    ),
  };
}
export const snapshotJoin = ({ t }: Database): [typeof t.accessSnapshots, SQL] => [
  t.accessSnapshots,
  sql`${t.accessSnapshots.userId} = ${t.users.id}`,
];

/** The placeholders of `snapshotColumns(database, true)` for a lesson. */
export function snapshotEntryParams(
  database: Database,
  course: Course,
  lesson: Lesson,
): Record<string, unknown> {
  const index = lessonIndex(course, lesson);
  return database.dialect === 'sqlite' ? { path: `$[${index}]` } : { index };
}

function snapshotStatement(database: Database, entry: boolean) {
  return preparedStatement(database, entry ? 'access_snapshot_entry' : 'access_snapshot', () => {
    const { db, t } = database;
    const query = db
      .select(snapshotColumns(database, entry))
      .from(t.users)
      .leftJoin(...snapshotJoin(database))
      .where(eq(t.users.id, sql.placeholder('userId')));
    return database.prepareRows(query.getSQL());
  });
}

interface Stamp {
  version: number;
  epoch: number;
}

/** What the snapshot columns say: the marks now, and the stored value if it still holds (else undefined: compute). */
export interface StoredRead {
  stamp: Stamp;
  stored: unknown;
  /** The stored value as the database gave it, when it came as JSON text (SQLite; an entry on PostgreSQL) and holds. */
  text?: string;
}

/** Reads the snapshot columns of a row from `at`. */
export function readSnapshotColumns(
  row: readonly unknown[] | undefined,
  at: number,
  key: string,
  now: Date,
): StoredRead {
  const stamp = {
    version: numberValue(row?.[at]) ?? 0,
    epoch: numberValue(row?.[at + 1]) ?? 0,
  };
  if (!row || row[at + 2] === null || row[at + 2] === undefined)
    return { stamp, stored: undefined };
  const until = dateValue(row[at + 5]);
  const holds =
    numberValue(row[at + 2]) === stamp.version &&
    numberValue(row[at + 3]) === stamp.epoch &&
    textValue(row[at + 4]) === key &&
    (until === null || now.getTime() < until.getTime());
  const value = row[at + 6];
  if (!holds || value === null || value === undefined) return { stamp, stored: undefined };
  // JSON text (snapshotColumns); anything else as the driver parsed it.
  if (typeof value !== 'string') return { stamp, stored: value };
  // Parsed when first read: the gate's closed answer, kept by the text, may never need it.
  let parsed: unknown;
  return {
    stamp,
    text: value,
    get stored() {
      return (parsed ??= JSON.parse(value));
    },
  };
}

async function readStored(
  database: Database,
  course: Course,
  userId: number,
  key: string,
  now: Date,
  lesson?: Lesson,
): Promise<StoredRead> {
  const params =
    lesson === undefined
      ? { userId }
      : { userId, ...snapshotEntryParams(database, course, lesson) };
  const [row] = await snapshotStatement(database, lesson !== undefined)(params);
  return readSnapshotColumns(row, 0, key, now);
}

/** Concurrent computations of the same stamp share one (a class opening the same lesson at once). */
const computing = new WeakMap<Database, Map<string, Promise<AccessSnapshot>>>();

async function computeAndStore(
  database: Database,
  course: Course,
  settings: SnapshotSettings,
  userId: number,
  key: string,
  stamp: Stamp,
  now: Date,
): Promise<AccessSnapshot> {
  // Read once: the rules (`watched:`) and the stored shares see the same rows.
  const watched = await loadWatchedShares(database, course, userId, settings.boomstream);
  const lessons = await loadStudentAccess(database, course, userId, undefined, {
    audience: settings.courseAudience,
    timeZone: settings.timeZone,
    watchSource: settings.boomstream,
    watched,
    now,
  });
  const t = database.t.accessSnapshots;
  const entries = lessons.map((item) => store(item, watched));
  const row = {
    version: stamp.version,
    epoch: stamp.epoch,
    courseKey: key,
    validUntil: validUntil(lessons),
    // SQLite: as JSONB, SQLite's binary JSON, so that the gate's json_extract of one lesson skips
    // to it instead of parsing the whole list (a 300-lesson course: 24 µs → 1.4 µs a request).
    // Read it with json(…) (snapshotColumns); a row stored as text before still reads the same.
    lessons:
      database.dialect === 'sqlite' ? sql<unknown[]>`jsonb(${JSON.stringify(entries)})` : entries,
    computedAt: now,
  };
  try {
    await database.db
      .insert(t)
      .values({ userId, ...row })
      .onConflictDoUpdate({ target: t.userId, set: row });
  } catch (error) {
    // The answer stands without it; the next request computes again. (A user deleted meanwhile: the foreign key.)
    logError('access snapshot', error);
  }
  return { lessons, watched };
}

/** Every lesson of the student, as stored when it still holds, else computed and stored. */
export async function loadAccessSnapshot(
  database: Database,
  course: Course,
  settings: SnapshotSettings,
  userId: number,
  now: Date = new Date(),
  /** What the snapshot columns already said in the caller's statement (the progress lane's). */
  read?: StoredRead,
): Promise<AccessSnapshot> {
  const key = (): string => snapshotCourseKey(course, settings);
  const { stamp, stored } = read ?? (await readStored(database, course, userId, key(), now));
  const lessonList = listLessons(course);
  if (Array.isArray(stored) && stored.length === lessonList.length) {
    const watched = new Map<string, number>();
    const lessons = lessonList.map((lesson, i) => {
      const entry = stored[i] as StoredLesson;
      if (entry.s !== undefined) watched.set(lesson.slug, entry.s);
      return restore(lesson, entry);
    });
    return { lessons, watched };
  }
  return computeShared(database, course, settings, userId, key(), stamp, now);
}

function computeShared(
  database: Database,
  course: Course,
  settings: SnapshotSettings,
  userId: number,
  key: string,
  stamp: Stamp,
  now: Date,
): Promise<AccessSnapshot> {
  let running = computing.get(database);
  if (!running) computing.set(database, (running = new Map()));
  const id = `${userId}:${stamp.version}:${stamp.epoch}:${key}`;
  let pending = running.get(id);
  if (!pending) {
    pending = computeAndStore(database, course, settings, userId, key, stamp, now);
    running.set(id, pending);
    const done = (): void => void running.delete(id);
    pending.then(done, done);
  }
  return pending;
}

/**
 * One lesson of the student, read alone from the stored snapshot when it holds. `read`: what
 * the snapshot columns already said in the caller's statement (the gate's), so no other is run.
 */
export async function loadLessonAccess(
  database: Database,
  course: Course,
  settings: SnapshotSettings,
  userId: number,
  lesson: Lesson,
  now: Date = new Date(),
  read?: StoredRead,
): Promise<StudentLesson> {
  const key = (): string => snapshotCourseKey(course, settings);
  const { stamp, stored } =
    read ?? (await readStored(database, course, userId, key(), now, lesson));
  if (stored && typeof stored === 'object' && 'r' in stored)
    return restore(lesson, stored as StoredLesson);
  const { lessons } = await computeShared(database, course, settings, userId, key(), stamp, now);
  return lessons[lessonIndex(course, lesson)]!;
}
