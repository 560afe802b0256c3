/**
 * A student's standing: on the course (COURSE_AUDIENCE), Stepik linked, found by the latest
 * sync since linking. Read from our database only, like every other input of the gate.
 */
import { eq, sql } from 'drizzle-orm';
import { getConfig, type CourseAudience } from '../config.ts';
import type { Database } from '../db/client.ts';
import { preparedStatement } from '../db/prepared.ts';
import type { StudentStanding } from './rules.ts';

export interface StandingFacts {
  stepikUserId: number | null;
  stepikMissingSince: Date | null;
  onRoster: boolean;
}

/** Pure: `stepik` counts everyone signed in as on the course (the grade book decides the rest). */
export function toStanding(facts: StandingFacts, audience: CourseAudience): StudentStanding {
  const linked = facts.stepikUserId !== null;
  return { onCourse: audience === 'stepik' || facts.onRoster, stepikLinked: linked, missingFromCourse: linked && facts.stepikMissingSince !== null };
}

/** The process's audience; callers that know better (tests, the sync's options) pass their own. */
export function currentAudience(): CourseAudience {
  return getConfig().courseAudience;
}

export async function loadStanding(database: Database, userId: number, audience: CourseAudience = currentAudience()): Promise<StudentStanding> {
  const standing = preparedStatement(database, 'student_standing', ({ db, t }) =>
    db
      .select({ stepikUserId: t.users.stepikUserId, stepikMissingSince: t.users.stepikMissingSince, rosterUserId: t.courseRoster.userId })
      .from(t.users)
      .leftJoin(t.courseRoster, eq(t.courseRoster.userId, t.users.id))
      .where(eq(t.users.id, sql.placeholder('userId')))
      .prepare('student_standing'),
  );
  const [row] = await standing.execute({ userId });
  if (!row) return { onCourse: false, stepikLinked: false, missingFromCourse: false };
  return toStanding({ stepikUserId: row.stepikUserId, stepikMissingSince: row.stepikMissingSince, onRoster: row.rosterUserId !== null }, audience);
}
