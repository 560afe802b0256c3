/**
 * Progress: one paginated walk of the teacher's grade book (per class when configured) →
 * per-student per-lesson rows, stored page by page (see apply-progress.ts).
 */
import { inArray } from 'drizzle-orm';
import type { Course } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import type { CourseAudience } from '../config.ts';
import { applyProgressBatch } from './apply-progress.ts';
import { markMissing, markSeen } from './presence.ts';
import type { GradeRecord, GradeSource } from './sources.ts';

export interface ProgressReport {
  /** Learners in the grade book. */
  learners: number;
  /** Of them, students who linked their Stepik account here. */
  matched: number;
  pages: number;
  unlocked: string[];
  /** Linked students this walk newly found missing from the grade book. */
  missing: number;
}

export interface ProgressOptions {
  /** Only this Stepik user (the on-demand refresh). */
  stepikUserId?: number;
  classIds?: readonly number[];
  stepIds: ReadonlyMap<number, number[]>;
  onPage?: (page: number, learnersSoFar: number) => void | Promise<void>;
  now?: () => Date;
  /** COURSE_AUDIENCE; default: the process's config. */
  audience?: CourseAudience;
  /**
   * Ask for these Stepik users one by one instead of walking every page (grade-strategy.ts):
   * when few of the course's learners are linked here, a fraction of the bytes.
   */
  perStudent?: readonly number[];
}

export async function syncProgress(
  database: Database,
  course: Course,
  source: GradeSource,
  options: ProgressOptions,
): Promise<ProgressReport> {
  if (course.stepikCourseId === null)
    throw new Error('content/course.yaml has no course.stepik_course_id');
  const report: ProgressReport = { learners: 0, matched: 0, pages: 0, unlocked: [], missing: 0 };
  const startedAt = options.now?.() ?? new Date();
  const handlePage = async (grades: GradeRecord[]): Promise<void> => {
    report.pages++;
    report.learners += grades.length;
    const stepikIds = [...new Set(grades.map((g) => g.user))];
    const users = stepikIds.length
      ? await database.db
          .select({ id: database.t.users.id, stepikUserId: database.t.users.stepikUserId })
          .from(database.t.users)
          .where(inArray(database.t.users.stepikUserId, stepikIds))
      : [];
    const ours = new Map(users.map((u) => [u.stepikUserId!, u.id]));
    const students = grades.flatMap((g) =>
      ours.has(g.user) ? [{ userId: ours.get(g.user)!, results: g.results }] : [],
    );
    report.matched += students.length;
    await markSeen(
      database,
      students.map((st) => st.userId),
      startedAt,
    );
    const applied = await applyProgressBatch(
      database,
      course,
      options.stepIds,
      students,
      options.now?.() ?? new Date(),
      options.audience,
    );
    report.unlocked.push(...applied.unlocked);
    await options.onPage?.(report.pages, report.learners);
  };
  const classes = options.classIds?.length ? options.classIds : [undefined];
  const users = options.perStudent ?? [options.stepikUserId];
  for (const user of users) {
    for (const klass of classes) {
      await source.walkCourseGrades({ course: course.stepikCourseId, user, klass }, handlePage);
    }
  }
  // Only here, after every class was walked to its end: a walk that failed proves nothing.
  report.missing = await markMissing(database, startedAt, options.stepikUserId);
  return report;
}
