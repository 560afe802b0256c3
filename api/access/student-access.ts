/**
 * Where every lesson stands for one student, from our database only (never Stepik): stored
 * progress, staff overrides, the steps of each Stepik lesson, what they watched, their start
 * and the clock (release dates), and the rules in course.yaml.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { preparedStatement } from '../db/prepared.ts';
import { listLessons } from '../course/load.ts';
import { formatReleaseDate, releaseInstant } from '../course/release.ts';
import type { Course, Lesson } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import type { CourseAudience } from '../config.ts';
import {
  courseReadsWatching,
  loadWatchedShares,
  type DurationSource,
  type WatchedShares,
} from '../watch/shares.ts';
import {
  applyRules,
  type ClosedReason,
  type LessonAccess,
  type LessonProgressFacts,
  type Override,
  type StudentStanding,
  type WatchCondition,
} from './rules.ts';
import {
  currentAudience,
  currentTimeZone,
  currentWatchSource,
  loadStudentFacts,
} from './standing.ts';

export interface StudentLesson {
  lesson: Lesson;
  access: LessonAccess;
  unlockedAt: Date | null;
  override: Override;
}

export interface ProgressRow {
  lessonId: number;
  passedStepIds: number[];
  score: number;
  unlockedAt: Date | null;
}

/** The ordered step ids of each synced Stepik lesson. */
export async function loadStepIds(
  database: Database,
  course: Course,
): Promise<Map<number, number[]>> {
  const ids = listLessons(course).flatMap((l) =>
    l.stepikLessonId === null ? [] : [l.stepikLessonId],
  );
  if (!ids.length) return new Map();
  const rows = await database.db
    .select({ id: database.t.stepikLessons.id, stepIds: database.t.stepikLessons.stepIds })
    .from(database.t.stepikLessons)
    .where(inArray(database.t.stepikLessons.id, ids));
  return new Map(rows.map((r) => [r.id, r.stepIds]));
}

/**
 * The same, remembered for a moment per database: the gate asks on every request, and the
 * steps of a lesson change only when a structure sync (in any process) sees a teacher add one.
 * Every web instance keeps its own copy, so this bounds how long two instances may disagree
 * (architecture: at most a second; tests/deploy/two-instances.test.ts holds it to that).
 */
const stepIdsCache = new WeakMap<
  Database,
  { at: number; course: Course; value: Promise<Map<number, number[]>> }
>();
export const STEP_IDS_CACHE_IN_MS = 1_000;

export function cachedStepIds(
  database: Database,
  course: Course,
  now: number = Date.now(),
): Promise<Map<number, number[]>> {
  const hit = stepIdsCache.get(database);
  if (hit && hit.course === course && now - hit.at < STEP_IDS_CACHE_IN_MS) return hit.value;
  const value = loadStepIds(database, course);
  stepIdsCache.set(database, { at: now, course, value });
  value.catch(() => stepIdsCache.delete(database));
  return value;
}

/** What the rules read besides progress and overrides: the clock, the zone, the student's start, their watching. */
export interface AccessContext {
  now: Date;
  /** TIME_ZONE: `available_from` is wall-clock time there. */
  timeZone: string;
  /** Where `days_after_start` counts from (standing.ts studentStart); null: such lessons wait. */
  start: Date | null;
  watched: WatchedShares;
}

/** When a lesson opens for a student by its release date; null when it has none. */
export function lessonReleaseAt(
  lesson: Pick<Lesson, 'release'>,
  start: Date | null,
  timeZone: string,
): Date | null {
  return lesson.release ? releaseInstant(lesson.release, start, timeZone) : null;
}

/** Pure: the course's lessons for one student, given what is stored. */
export function computeStudentAccess(
  course: Course,
  stepIds: ReadonlyMap<number, number[]>,
  progress: readonly ProgressRow[],
  overrides: ReadonlyMap<string, Override>,
  standing: StudentStanding,
  context: AccessContext,
): StudentLesson[] {
  const bySlugProgress = new Map(progress.map((p) => [p.lessonId, p]));
  const lessons = listLessons(course);
  const titles = new Map(lessons.map((l) => [l.slug, l.title]));
  const inputs = lessons.map((lesson) => {
    const row =
      lesson.stepikLessonId === null ? undefined : bySlugProgress.get(lesson.stepikLessonId);
    const facts: LessonProgressFacts = {
      stepIds: lesson.stepikLessonId === null ? [] : (stepIds.get(lesson.stepikLessonId) ?? []),
      passedStepIds: new Set(row?.passedStepIds ?? []),
      score: row?.score ?? 0,
    };
    const watch = lesson.watch.map((w): WatchCondition => ({
      lesson: w.lesson,
      title: titles.get(w.lesson) ?? w.lesson,
      watched: context.watched.get(w.lesson) ?? 0,
      required: w.watched,
    }));
    return {
      rule: lesson.unlock,
      facts,
      unlockedAt: row?.unlockedAt ?? null,
      override: overrides.get(lesson.slug) ?? null,
      onStepik: lesson.stepikLessonId !== null,
      availableAt: lessonReleaseAt(lesson, context.start, context.timeZone),
      watch,
    };
  });
  return applyRules(inputs, standing, context.now).map((access, i) => ({
    lesson: lessons[i]!,
    access,
    unlockedAt: inputs[i]!.unlockedAt,
    override: inputs[i]!.override,
  }));
}

export interface LoadAccessOptions {
  audience?: CourseAudience;
  now?: Date;
  timeZone?: string;
  /** The student's watched shares when the caller has them already (/api/progress, a watch report). */
  watched?: WatchedShares;
  /** How long parts nobody reported are (the offline stand-in's clip): BOOMSTREAM_STAND_IN. */
  watchSource?: DurationSource;
}

export async function loadStudentAccess(
  database: Database,
  course: Course,
  userId: number,
  stepIds?: ReadonlyMap<number, number[]>,
  {
    audience = currentAudience(),
    now = new Date(),
    timeZone = currentTimeZone(),
    watched: watchedGiven,
    watchSource = currentWatchSource(),
  }: LoadAccessOptions = {},
): Promise<StudentLesson[]> {
  // Prepared once per connection: the gate's closed answers and /api/progress run these per request.
  const progressOf = preparedStatement(database, 'student_progress', ({ db, t }) =>
    db
      .select({
        lessonId: t.lessonProgress.lessonId,
        passedStepIds: t.lessonProgress.passedStepIds,
        score: t.lessonProgress.score,
        unlockedAt: t.lessonProgress.unlockedAt,
      })
      .from(t.lessonProgress)
      .where(eq(t.lessonProgress.userId, sql.placeholder('userId')))
      .prepare('student_progress'),
  );
  const overridesOf = preparedStatement(database, 'student_overrides', ({ db, t }) =>
    db
      .select({ slug: t.accessOverrides.lessonSlug, action: t.accessOverrides.action })
      .from(t.accessOverrides)
      .where(eq(t.accessOverrides.userId, sql.placeholder('userId')))
      .prepare('student_overrides'),
  );
  const [progress, overrides, steps, facts, watched] = await Promise.all([
    progressOf.execute({ userId }),
    overridesOf.execute({ userId }),
    stepIds ? Promise.resolve(stepIds) : cachedStepIds(database, course),
    loadStudentFacts(database, userId, audience),
    watchedGiven ??
      (courseReadsWatching(course)
        ? loadWatchedShares(database, course, userId, watchSource)
        : Promise.resolve(new Map<string, number>())),
  ]);
  return computeStudentAccess(
    course,
    steps,
    progress,
    new Map(overrides.map((o) => [o.slug, o.action])),
    facts.standing,
    { now, timeZone, start: facts.start, watched },
  );
}

/** The reason of a closed lesson as the API reports it; undefined while open. */
export function closedReasonOf(item: StudentLesson): ClosedReason | undefined {
  return item.access.open ? undefined : (item.access.reason as ClosedReason);
}

/** With `watch`: which lesson's videos, how much is watched and how much is needed (0–1). */
export interface WatchDetail {
  lesson: string;
  title: string;
  watched: number;
  required: number;
}

/** What a closed lesson's reason needs beyond its name, as the gate and /api/progress report it. */
export interface ReasonDetails {
  /** With `not_yet`: when it opens (ISO-8601), and the same in Russian words in the course time zone. */
  availableAt?: string;
  availableText?: string;
  watch?: WatchDetail;
}

export interface ProgressEntry extends ReasonDetails {
  lessonId: number | string;
  slug: string;
  stepsPassed: number;
  stepsTotal: number;
  unlocked: boolean;
  /** Only on closed lessons: why (rules.ts CLOSED_REASONS). */
  reason?: ClosedReason;
}

/** "10 декабря в 10:00 (МСК)" in the course time zone. */
export function formatAvailableAt(
  at: Date,
  timeZone: string = currentTimeZone(),
  now: Date = new Date(),
): string {
  return formatReleaseDate(at, timeZone, now);
}

/** The details of a closed lesson's reason; empty while open. `formatDate` words a release instant. */
export function reasonDetails(
  item: StudentLesson,
  formatDate: (at: Date) => string = (at) => formatAvailableAt(at),
): ReasonDetails {
  if (item.access.open) return {};
  const { availableAt, watch } = item.access;
  return {
    ...(item.access.reason === 'not_yet' && availableAt
      ? { availableAt: availableAt.toISOString(), availableText: formatDate(availableAt) }
      : {}),
    ...(item.access.reason === 'watch' && watch
      ? {
          watch: {
            lesson: watch.lesson,
            title: watch.title,
            watched: watch.watched,
            required: watch.required,
          },
        }
      : {}),
  };
}

/** The shape of /api/progress entries. */
export function toProgressEntry(
  item: StudentLesson,
  formatDate?: (at: Date) => string,
): ProgressEntry {
  const reason = closedReasonOf(item);
  return {
    lessonId: item.lesson.stepikLessonId ?? item.lesson.slug,
    slug: item.lesson.slug,
    stepsPassed: item.access.stepsPassed,
    stepsTotal: item.access.stepsTotal,
    unlocked: item.access.open,
    ...(reason ? { reason } : {}),
    ...reasonDetails(item, formatDate),
  };
}
