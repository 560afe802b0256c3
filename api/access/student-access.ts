/**
 * Where every lesson stands for one student, from our database only (never Stepik): stored
 * progress, staff overrides, the steps of each Stepik lesson, and the rules in course.yaml.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { preparedStatement } from '../db/prepared.ts';
import { listLessons } from '../course/load.ts';
import type { Course, Lesson } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import type { CourseAudience } from '../config.ts';
import { applyRules, ENROLLED, type ClosedReason, type LessonAccess, type LessonProgressFacts, type Override, type StudentStanding } from './rules.ts';
import { currentAudience, loadStanding } from './standing.ts';

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
export async function loadStepIds(database: Database, course: Course): Promise<Map<number, number[]>> {
  const ids = listLessons(course).flatMap((l) => (l.stepikLessonId === null ? [] : [l.stepikLessonId]));
  if (!ids.length) return new Map();
  const rows = await database.db.select({ id: database.t.stepikLessons.id, stepIds: database.t.stepikLessons.stepIds }).from(database.t.stepikLessons).where(inArray(database.t.stepikLessons.id, ids));
  return new Map(rows.map((r) => [r.id, r.stepIds]));
}

/**
 * The same, remembered for a moment per database: the gate asks on every request, and the
 * steps of a lesson change only when a structure sync (in any process) sees a teacher add one.
 * Every web instance keeps its own copy, so this bounds how long two instances may disagree
 * (architecture: at most a second; tests/deploy/two-instances.test.ts holds it to that).
 */
const stepIdsCache = new WeakMap<Database, { at: number; course: Course; value: Promise<Map<number, number[]>> }>();
export const STEP_IDS_CACHE_IN_MS = 1_000;

export function cachedStepIds(database: Database, course: Course, now: number = Date.now()): Promise<Map<number, number[]>> {
  const hit = stepIdsCache.get(database);
  if (hit && hit.course === course && now - hit.at < STEP_IDS_CACHE_IN_MS) return hit.value;
  const value = loadStepIds(database, course);
  stepIdsCache.set(database, { at: now, course, value });
  value.catch(() => stepIdsCache.delete(database));
  return value;
}

/** Pure: the course's lessons for one student, given what is stored. */
export function computeStudentAccess(
  course: Course,
  stepIds: ReadonlyMap<number, number[]>,
  progress: readonly ProgressRow[],
  overrides: ReadonlyMap<string, Override>,
  standing: StudentStanding = ENROLLED,
): StudentLesson[] {
  const bySlugProgress = new Map(progress.map((p) => [p.lessonId, p]));
  const lessons = listLessons(course);
  const inputs = lessons.map((lesson) => {
    const row = lesson.stepikLessonId === null ? undefined : bySlugProgress.get(lesson.stepikLessonId);
    const facts: LessonProgressFacts = {
      stepIds: lesson.stepikLessonId === null ? [] : (stepIds.get(lesson.stepikLessonId) ?? []),
      passedStepIds: new Set(row?.passedStepIds ?? []),
      score: row?.score ?? 0,
    };
    return { rule: lesson.unlock, facts, unlockedAt: row?.unlockedAt ?? null, override: overrides.get(lesson.slug) ?? null, onStepik: lesson.stepikLessonId !== null };
  });
  return applyRules(inputs, standing).map((access, i) => ({ lesson: lessons[i]!, access, unlockedAt: inputs[i]!.unlockedAt, override: inputs[i]!.override }));
}

export async function loadStudentAccess(
  database: Database,
  course: Course,
  userId: number,
  stepIds?: ReadonlyMap<number, number[]>,
  audience: CourseAudience = currentAudience(),
): Promise<StudentLesson[]> {
  // Prepared once per connection: the gate's closed answers and /api/progress run these per request.
  const progressOf = preparedStatement(database, 'student_progress', ({ db, t }) =>
    db
      .select({ lessonId: t.lessonProgress.lessonId, passedStepIds: t.lessonProgress.passedStepIds, score: t.lessonProgress.score, unlockedAt: t.lessonProgress.unlockedAt })
      .from(t.lessonProgress)
      .where(eq(t.lessonProgress.userId, sql.placeholder('userId')))
      .prepare('student_progress'),
  );
  const overridesOf = preparedStatement(database, 'student_overrides', ({ db, t }) =>
    db.select({ slug: t.accessOverrides.lessonSlug, action: t.accessOverrides.action }).from(t.accessOverrides).where(eq(t.accessOverrides.userId, sql.placeholder('userId'))).prepare('student_overrides'),
  );
  const [progress, overrides, steps, standing] = await Promise.all([
    progressOf.execute({ userId }),
    overridesOf.execute({ userId }),
    stepIds ? Promise.resolve(stepIds) : cachedStepIds(database, course),
    loadStanding(database, userId, audience),
  ]);
  return computeStudentAccess(course, steps, progress, new Map(overrides.map((o) => [o.slug, o.action])), standing);
}

/** The reason of a closed lesson as the API reports it; undefined while open. */
export function closedReasonOf(item: StudentLesson): ClosedReason | undefined {
  return item.access.open ? undefined : (item.access.reason as ClosedReason);
}

export interface ProgressEntry {
  lessonId: number | string;
  slug: string;
  stepsPassed: number;
  stepsTotal: number;
  unlocked: boolean;
  /** Only on closed lessons: why (rules.ts CLOSED_REASONS). */
  reason?: ClosedReason;
}

/** The shape of /api/progress entries. */
export function toProgressEntry(item: StudentLesson): ProgressEntry {
  const reason = closedReasonOf(item);
  return {
    lessonId: item.lesson.stepikLessonId ?? item.lesson.slug,
    slug: item.lesson.slug,
    stepsPassed: item.access.stepsPassed,
    stepsTotal: item.access.stepsTotal,
    unlocked: item.access.open,
    ...(reason ? { reason } : {}),
  };
}
