/**
 * Stores what Stepik said about a batch of students and records new unlocks — in one
 * transaction per batch, so a sync that dies half-way keeps every finished batch, and an
 * unlock once recorded (`unlocked_at`, the outbox row) is never lost or written twice.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Course } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import { listLessons } from '../course/load.ts';
import { computeStudentAccess, type ProgressRow } from '../access/student-access.ts';
import type { Override } from '../access/rules.ts';
import { currentAudience, toStanding } from '../access/standing.ts';
import type { CourseAudience } from '../config.ts';

/** One student's results as Stepik reported them: step id → passed?, score. */
export interface StudentResults {
  userId: number;
  results: ReadonlyMap<number, { isPassed: boolean; score: number }>;
}

export interface AppliedBatch {
  students: number;
  rows: number;
  /** "userId:slug" of every lesson this batch opened. */
  unlocked: string[];
}

function progressRows(course: Course, stepIds: ReadonlyMap<number, number[]>, student: StudentResults) {
  return listLessons(course).flatMap((lesson) => {
    if (lesson.stepikLessonId === null) return [];
    const steps = stepIds.get(lesson.stepikLessonId) ?? [];
    // A step missing from the grade book counts as not passed.
    const passed = steps.filter((id) => student.results.get(id)?.isPassed === true);
    const score = steps.reduce((sum, id) => sum + (student.results.get(id)?.score ?? 0), 0);
    return [{ userId: student.userId, lessonId: lesson.stepikLessonId, stepsPassed: passed.length, stepsTotal: steps.length, score, passedStepIds: passed }];
  });
}

export async function applyProgressBatch(
  database: Database,
  course: Course,
  stepIds: ReadonlyMap<number, number[]>,
  students: readonly StudentResults[],
  now: Date = new Date(),
  audience: CourseAudience = currentAudience(),
): Promise<AppliedBatch> {
  if (!students.length) return { students: 0, rows: 0, unlocked: [] };
  const rows = students.flatMap((s) => progressRows(course, stepIds, s));
  const userIds = students.map((s) => s.userId);
  return database.transaction(async (tx) => {
    const { t } = database;
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insert(t.lessonProgress)
        .values(rows.slice(i, i + 500).map((r) => ({ ...r, updatedAt: now, progressedAt: r.stepsPassed > 0 || r.score > 0 ? now : null })))
        .onConflictDoUpdate({
          target: [t.lessonProgress.userId, t.lessonProgress.lessonId],
          set: {
            stepsPassed: sql`excluded.steps_passed`,
            stepsTotal: sql`excluded.steps_total`,
            score: sql`excluded.score`,
            passedStepIds: sql`excluded.passed_step_ids`,
            updatedAt: sql`excluded.updated_at`,
            // Moves only when Stepik shows more than before; a row from before this column
            // existed gets the first sync's time, so nobody looks stuck just after the upgrade.
            progressedAt: sql`case when excluded.steps_passed > lesson_progress.steps_passed or excluded.score > lesson_progress.score or (lesson_progress.progressed_at is null and excluded.progressed_at is not null) then excluded.updated_at else lesson_progress.progressed_at end`,
          },
        });
    }
    const stored = await tx
      .select({ userId: t.lessonProgress.userId, lessonId: t.lessonProgress.lessonId, passedStepIds: t.lessonProgress.passedStepIds, score: t.lessonProgress.score, unlockedAt: t.lessonProgress.unlockedAt })
      .from(t.lessonProgress)
      .where(inArray(t.lessonProgress.userId, userIds));
    const overrides = await tx.select().from(t.accessOverrides).where(inArray(t.accessOverrides.userId, userIds));
    // Under COURSE_AUDIENCE=roster nobody off the roster gets an unlock (or its message).
    const onRoster = new Set((await tx.select({ userId: t.courseRoster.userId }).from(t.courseRoster).where(inArray(t.courseRoster.userId, userIds))).map((r) => r.userId));
    const unlocked: string[] = [];
    for (const userId of userIds) {
      const mine: ProgressRow[] = stored.filter((r) => r.userId === userId);
      const theirOverrides = new Map<string, Override>(overrides.filter((o) => o.userId === userId).map((o) => [o.lessonSlug, o.action]));
      const standing = toStanding({ stepikUserId: 0, stepikMissingSince: null, onRoster: onRoster.has(userId) }, audience);
      for (const item of computeStudentAccess(course, stepIds, mine, theirOverrides, standing)) {
        if (item.access.reason !== 'rule' || item.lesson.stepikLessonId === null || item.lesson.videos.length === 0) continue;
        const opened = await tx
          .update(t.lessonProgress)
          .set({ unlockedAt: now })
          .where(and(eq(t.lessonProgress.userId, userId), eq(t.lessonProgress.lessonId, item.lesson.stepikLessonId), isNull(t.lessonProgress.unlockedAt)))
          .returning({ userId: t.lessonProgress.userId });
        if (!opened.length) continue;
        await tx.insert(t.unlockEvents).values({ userId, lessonSlug: item.lesson.slug, unlockedAt: now }).onConflictDoNothing();
        unlocked.push(`${userId}:${item.lesson.slug}`);
      }
    }
    return { students: students.length, rows: rows.length, unlocked };
  });
}
