/**
 * The course roster (COURSE_AUDIENCE=roster): who staff put on the course. Filled by the
 * Boomstream CSV import, the Telegram group import's matches and `cli students add`.
 */
import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Database, Db } from '../db/client.ts';
import type { RosterSource, Tables } from '../db/tables.ts';

const CHUNK = 500;

/** Adds these users (already there: kept as they were, with their first source and date). Works inside a transaction. */
export async function addToRoster(
  db: Db,
  t: Tables,
  userIds: readonly number[],
  source: RosterSource,
  now: Date = new Date(),
): Promise<number> {
  const unique = [...new Set(userIds)];
  let added = 0;
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .insert(t.courseRoster)
      .values(unique.slice(i, i + CHUNK).map((userId) => ({ userId, source, addedAt: now })))
      .onConflictDoNothing()
      .returning({ userId: t.courseRoster.userId });
    added += rows.length;
  }
  return added;
}

/** The same, for users known by email (the Boomstream import, after its upsert). */
export async function addEmailsToRoster(
  db: Db,
  t: Tables,
  emails: readonly string[],
  source: RosterSource,
  now: Date = new Date(),
): Promise<number> {
  const ids: number[] = [];
  for (let i = 0; i < emails.length; i += CHUNK) {
    const rows = await db
      .select({ id: t.users.id })
      .from(t.users)
      .where(inArray(t.users.email, emails.slice(i, i + CHUNK) as string[]));
    ids.push(...rows.map((r) => r.id));
  }
  return addToRoster(db, t, ids, source, now);
}

export async function removeFromRoster(
  database: Database,
  userIds: readonly number[],
): Promise<number> {
  if (!userIds.length) return 0;
  const rows = await database.db
    .delete(database.t.courseRoster)
    .where(inArray(database.t.courseRoster.userId, [...userIds]))
    .returning({ userId: database.t.courseRoster.userId });
  return rows.length;
}

export interface StaffListUser {
  id: number;
  email: string | null;
  firstName: string;
  lastName: string;
  telegramId: number | null;
  stepikUserId: number | null;
  stepikLinkedAt: Date | null;
  /** When a complete sync first did not find them (null: found, or not checked since linking). */
  stepikMissingSince: Date | null;
  lastSignedInAt: Date | null;
}

export interface RosterEntry extends StaffListUser {
  source: RosterSource;
  addedAt: Date;
}

function userFields(t: Tables) {
  return {
    id: t.users.id,
    email: t.users.email,
    firstName: t.users.firstName,
    lastName: t.users.lastName,
    telegramId: t.users.telegramId,
    stepikUserId: t.users.stepikUserId,
    stepikLinkedAt: t.users.stepikLinkedAt,
    stepikMissingSince: t.users.stepikMissingSince,
    lastSignedInAt: t.users.lastSignedInAt,
  };
}

/** Linked Stepik, but the latest complete sync since linking did not find them (the gate's `not_in_course`). */
export async function listLinkedNotInCourse(database: Database): Promise<StaffListUser[]> {
  const { db, t } = database;
  return db
    .select(userFields(t))
    .from(t.users)
    .where(and(isNotNull(t.users.stepikUserId), isNotNull(t.users.stepikMissingSince)))
    .orderBy(asc(t.users.id));
}

export async function listRoster(database: Database): Promise<RosterEntry[]> {
  const { db, t } = database;
  return db
    .select({ ...userFields(t), source: t.courseRoster.source, addedAt: t.courseRoster.addedAt })
    .from(t.courseRoster)
    .innerJoin(t.users, eq(t.users.id, t.courseRoster.userId))
    .orderBy(asc(t.users.id));
}

/** On the roster, and no sign-in by any way since we started counting. */
export async function listRosterNeverSignedIn(database: Database): Promise<RosterEntry[]> {
  const { db, t } = database;
  return db
    .select({ ...userFields(t), source: t.courseRoster.source, addedAt: t.courseRoster.addedAt })
    .from(t.courseRoster)
    .innerJoin(t.users, eq(t.users.id, t.courseRoster.userId))
    .where(isNull(t.users.lastSignedInAt))
    .orderBy(asc(t.users.id));
}

export type StuckReason = 'never_signed_in' | 'stepik_not_linked' | 'not_in_course';

/** Why a roster student cannot get videos yet; empty when nothing stands in the way. */
export function stuckReasons(entry: StaffListUser): StuckReason[] {
  const reasons: StuckReason[] = [];
  if (entry.lastSignedInAt === null) reasons.push('never_signed_in');
  if (entry.stepikUserId === null) reasons.push('stepik_not_linked');
  else if (entry.stepikMissingSince !== null) reasons.push('not_in_course');
  return reasons;
}
