/**
 * Stores what Stepik said about a batch of students and records new unlocks — in one
 * transaction per batch, so a sync that dies half-way keeps every finished batch, and an
 * unlock once recorded (`unlocked_at`, the outbox row) is never lost or written twice.
 */
import { sql } from 'drizzle-orm';
import type { Course } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import { listLessons } from '../course/load.ts';
import { loadStudentBatchFacts } from '../access/batch-facts.ts';
import { recordUnlocks } from '../access/record-unlocks.ts';
import { computeStudentAccess } from '../access/student-access.ts';
import {
  currentAudience,
  currentTimeZone,
  currentWatchSource,
  studentStart,
  toStanding,
} from '../access/standing.ts';
import type { CourseAudience } from '../config.ts';
import type { DurationSource } from '../watch/shares.ts';

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

function progressRows(
  course: Course,
  stepIds: ReadonlyMap<number, number[]>,
  student: StudentResults,
) {
  return listLessons(course).flatMap((lesson) => {
    if (lesson.stepikLessonId === null) return [];
    const steps = stepIds.get(lesson.stepikLessonId) ?? [];
    // A step missing from the grade book counts as not passed.
    const passed = steps.filter((id) => student.results.get(id)?.isPassed === true);
    const score = steps.reduce((sum, id) => sum + (student.results.get(id)?.score ?? 0), 0);
    return [
      {
        userId: student.userId,
        lessonId: lesson.stepikLessonId,
        stepsPassed: passed.length,
        stepsTotal: steps.length,
        score,
        passedStepIds: passed,
      },
    ];
  });
}

export async function applyProgressBatch(
  database: Database,
  course: Course,
  stepIds: ReadonlyMap<number, number[]>,
  students: readonly StudentResults[],
  now: Date = new Date(),
  audience: CourseAudience = currentAudience(),
  timeZone: string = currentTimeZone(),
  watchSource: DurationSource = currentWatchSource(),
): Promise<AppliedBatch> {
  if (!students.length) return { students: 0, rows: 0, unlocked: [] };
  const rows = students.flatMap((s) => progressRows(course, stepIds, s));
  const userIds = students.map((s) => s.userId);
  return database.transaction(async (tx) => {
    const { t } = database;
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insert(t.lessonProgress)
        .values(
          rows.slice(i, i + 500).map((r) => ({
            ...r,
            updatedAt: now,
            progressedAt: r.stepsPassed > 0 || r.score > 0 ? now : null,
          })),
        )
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
    // Release dates count from each student's start; watching comes from watch_progress.
    const facts = await loadStudentBatchFacts(tx, t, course, userIds, watchSource);
    const unlocked: string[] = [];
    for (const [userId, { user, progress, overrides, rosterAddedAt, watched }] of facts) {
      // Under COURSE_AUDIENCE=roster nobody off the roster gets an unlock (or its message).
      const standing = toStanding(
        { stepikUserId: 0, stepikMissingSince: null, onRoster: rosterAddedAt !== null },
        audience,
      );
      const start = user ? studentStart({ rosterAddedAt, createdAt: user.createdAt }) : null;
      const items = computeStudentAccess(course, stepIds, progress, overrides, standing, {
        now,
        timeZone,
        start,
        watched,
      });
      unlocked.push(...(await recordUnlocks(tx, t, userId, items, now)));
    }
    return { students: students.length, rows: rows.length, unlocked };
  });
}
