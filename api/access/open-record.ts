/**
 * The gate's hot path: is this lesson open for this student by what is recorded — a staff
 * grant, or an unlock the sync (or a refresh) wrote once and for good — with a staff revoke
 * winning over both, and (COURSE_AUDIENCE=roster) only for someone on the roster. Two prepared point lookups; no walk over the course. A lesson that is not
 * open by record goes to the full computation (student-access.ts), which also says why.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { CourseAudience } from '../config.ts';
import type { Lesson } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import { preparedStatement } from '../db/prepared.ts';

export type OpenRecord = 'open' | 'revoked' | 'unknown';

export async function lessonOpenRecord(database: Database, userId: number, lesson: Pick<Lesson, 'slug' | 'stepikLessonId'>, audience: CourseAudience): Promise<OpenRecord> {
  // Off the roster nothing opens, not even a grant (rules.ts): let the full computation say so.
  if (audience === 'roster') {
    const roster = preparedStatement(database, 'gate_roster', ({ db, t }) =>
      db.select({ userId: t.courseRoster.userId }).from(t.courseRoster).where(eq(t.courseRoster.userId, sql.placeholder('userId'))).prepare('gate_roster'),
    );
    const [onRoster] = await roster.execute({ userId });
    if (!onRoster) return 'unknown';
  }
  const override = preparedStatement(database, 'gate_override', ({ db, t }) =>
    db
      .select({ action: t.accessOverrides.action })
      .from(t.accessOverrides)
      .where(and(eq(t.accessOverrides.userId, sql.placeholder('userId')), eq(t.accessOverrides.lessonSlug, sql.placeholder('slug'))))
      .prepare('gate_override'),
  );
  const [decided] = await override.execute({ userId, slug: lesson.slug });
  if (decided?.action === 'revoke') return 'revoked';
  if (decided?.action === 'grant') return 'open';
  if (lesson.stepikLessonId === null) return 'unknown';
  const progress = preparedStatement(database, 'gate_unlocked', ({ db, t }) =>
    db
      .select({ unlockedAt: t.lessonProgress.unlockedAt })
      .from(t.lessonProgress)
      .where(and(eq(t.lessonProgress.userId, sql.placeholder('userId')), eq(t.lessonProgress.lessonId, sql.placeholder('lessonId'))))
      .prepare('gate_unlocked'),
  );
  const [row] = await progress.execute({ userId, lessonId: lesson.stepikLessonId });
  return row?.unlockedAt ? 'open' : 'unknown';
}
