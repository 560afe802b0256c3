/**
 * The core queries behind /admin's "who is stuck" lists. Each returns students (staff are taken
 * out by the registry) in a stable order: by email, then id.
 */
import { asc, isNotNull, isNull, max } from 'drizzle-orm';
import type { Database } from '#api/db/client.ts';
import type { StuckStudent } from './types.ts';

function studentColumns(database: Database) {
  const u = database.t.users;
  return {
    id: u.id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    stepikUserId: u.stepikUserId,
    telegramId: u.telegramId,
    createdAt: u.createdAt,
  };
}

/** Students who never linked Stepik: the sync cannot see their progress, so no video opens. */
export async function listNeverLinkedStepik(database: Database): Promise<StuckStudent[]> {
  const u = database.t.users;
  return database.db
    .select(studentColumns(database))
    .from(u)
    .where(isNull(u.stepikUserId))
    .orderBy(asc(u.email), asc(u.id));
}

/**
 * Linked students whose last progress (a sync seeing more steps passed than before) is older
 * than `olderThan`; a student with none at all counts once their account is that old.
 */
export async function listNoRecentProgress(
  database: Database,
  olderThan: Date,
): Promise<StuckStudent[]> {
  const { users: u, lessonProgress: lp } = database.t;
  // Two plain queries joined here: max() over a subquery loses the column's date decoding in
  // one of the dialects, and a course has at most a few thousand students.
  const [students, latest] = await Promise.all([
    database.db
      .select(studentColumns(database))
      .from(u)
      .where(isNotNull(u.stepikUserId))
      .orderBy(asc(u.email), asc(u.id)),
    database.db
      .select({ userId: lp.userId, at: max(lp.progressedAt) })
      .from(lp)
      .groupBy(lp.userId),
  ]);
  const lastByUser = new Map(latest.map((row) => [row.userId, row.at ? new Date(row.at) : null]));
  return students
    .map((student) => ({ ...student, lastProgressAt: lastByUser.get(student.id) ?? null }))
    .filter(
      (student) => (student.lastProgressAt ?? student.createdAt).getTime() < olderThan.getTime(),
    );
}
