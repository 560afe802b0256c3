/**
 * A student's standing: on the course (COURSE_AUDIENCE), Stepik linked, found by the latest
 * sync since linking. Read from our database only, like every other input of the gate.
 */
import { eq, sql } from 'drizzle-orm';
import { getConfig, type CourseAudience } from '../config.ts';
import type { Database } from '../db/client.ts';
import { preparedStatement } from '../db/prepared.ts';
import type { DurationSource } from '../watch/shares.ts';
import type { StudentStanding } from './rules.ts';

export interface StandingFacts {
  stepikUserId: number | null;
  stepikMissingSince: Date | null;
  onRoster: boolean;
}

/** Pure: `stepik` counts everyone signed in as on the course (the grade book decides the rest). */
export function toStanding(facts: StandingFacts, audience: CourseAudience): StudentStanding {
  const linked = facts.stepikUserId !== null;
  return {
    onCourse: audience === 'stepik' || facts.onRoster,
    stepikLinked: linked,
    missingFromCourse: linked && facts.stepikMissingSince !== null,
  };
}

/** The process's audience; callers that know better (tests, the sync's options) pass their own. */
export function currentAudience(): CourseAudience {
  return getConfig().courseAudience;
}

/** BOOMSTREAM_STAND_IN: how long a part nobody reported is, when the offline stand-in plays it. */
export function currentWatchSource(): DurationSource {
  return getConfig().boomstream;
}

/** The course's time zone (TIME_ZONE): release dates are wall-clock times in it. */
export function currentTimeZone(): string {
  return getConfig().timeZone;
}

/**
 * Where `days_after_start` counts from: the day staff put the student on the roster (the
 * enrolment we know of), else the day the account was made — a first sign-in, or an import.
 * Stepik's own enrolment date is not read (the grade book does not give it).
 */
export function studentStart(facts: { rosterAddedAt: Date | null; createdAt: Date }): Date {
  return facts.rosterAddedAt ?? facts.createdAt;
}

export interface StudentFacts {
  standing: StudentStanding;
  /** Null only for an account that does not exist. */
  start: Date | null;
}

export async function loadStudentFacts(
  database: Database,
  userId: number,
  audience: CourseAudience = currentAudience(),
): Promise<StudentFacts> {
  // Prepared once per connection: the gate's closed answers and /api/progress run it per request.
  const facts = preparedStatement(database, 'student_facts', ({ db, t }) =>
    db
      .select({
        stepikUserId: t.users.stepikUserId,
        stepikMissingSince: t.users.stepikMissingSince,
        createdAt: t.users.createdAt,
        rosterUserId: t.courseRoster.userId,
        rosterAddedAt: t.courseRoster.addedAt,
      })
      .from(t.users)
      .leftJoin(t.courseRoster, eq(t.courseRoster.userId, t.users.id))
      .where(eq(t.users.id, sql.placeholder('userId')))
      .prepare('student_facts'),
  );
  const [row] = await facts.execute({ userId });
  if (!row)
    return {
      standing: { onCourse: false, stepikLinked: false, missingFromCourse: false },
      start: null,
    };
  return {
    standing: toStanding(
      {
        stepikUserId: row.stepikUserId,
        stepikMissingSince: row.stepikMissingSince,
        onRoster: row.rosterUserId !== null,
      },
      audience,
    ),
    start: studentStart({ rosterAddedAt: row.rosterAddedAt, createdAt: row.createdAt }),
  };
}

export async function loadStanding(
  database: Database,
  userId: number,
  audience: CourseAudience = currentAudience(),
): Promise<StudentStanding> {
  return (await loadStudentFacts(database, userId, audience)).standing;
}
