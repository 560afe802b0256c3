/**
 * What the rules need of many students at once, read inside the caller's transaction: the sync
 * after it stored a batch of progress, and the release pass. Five reads for the whole batch,
 * grouped by student once.
 */
import { inArray } from 'drizzle-orm';
import type { Course } from '../course/schema.ts';
import type { Db } from '../db/client.ts';
import type { Tables } from '../db/tables.ts';
import { courseReadsWatching, loadWatchedSharesFor, type DurationSource } from '../watch/shares.ts';
import type { Override } from './rules.ts';
import type { ProgressRow } from './student-access.ts';

export interface StudentBatchFacts {
  progress: ProgressRow[];
  overrides: Map<string, Override>;
  /** Null when no such account exists (any more). */
  user: {
    stepikUserId: number | null;
    stepikMissingSince: Date | null;
    createdAt: Date;
  } | null;
  /** When the student was put on the roster; null off it. */
  rosterAddedAt: Date | null;
  watched: Map<string, number>;
}

export async function loadStudentBatchFacts(
  tx: Db,
  t: Tables,
  course: Course,
  userIds: readonly number[],
  watchSource: DurationSource,
): Promise<Map<number, StudentBatchFacts>> {
  const ids = [...userIds];
  const facts = new Map<number, StudentBatchFacts>(
    ids.map((id) => [
      id,
      { progress: [], overrides: new Map(), user: null, rosterAddedAt: null, watched: new Map() },
    ]),
  );
  if (!ids.length) return facts;
  const progress = await tx
    .select({
      userId: t.lessonProgress.userId,
      lessonId: t.lessonProgress.lessonId,
      passedStepIds: t.lessonProgress.passedStepIds,
      score: t.lessonProgress.score,
      unlockedAt: t.lessonProgress.unlockedAt,
    })
    .from(t.lessonProgress)
    .where(inArray(t.lessonProgress.userId, ids));
  for (const { userId, ...row } of progress) facts.get(userId)?.progress.push(row);
  const overrides = await tx
    .select({
      userId: t.accessOverrides.userId,
      slug: t.accessOverrides.lessonSlug,
      action: t.accessOverrides.action,
    })
    .from(t.accessOverrides)
    .where(inArray(t.accessOverrides.userId, ids));
  for (const o of overrides) facts.get(o.userId)?.overrides.set(o.slug, o.action);
  const users = await tx
    .select({
      id: t.users.id,
      stepikUserId: t.users.stepikUserId,
      stepikMissingSince: t.users.stepikMissingSince,
      createdAt: t.users.createdAt,
    })
    .from(t.users)
    .where(inArray(t.users.id, ids));
  for (const { id, ...user } of users) facts.get(id)!.user = user;
  const roster = await tx
    .select({ userId: t.courseRoster.userId, addedAt: t.courseRoster.addedAt })
    .from(t.courseRoster)
    .where(inArray(t.courseRoster.userId, ids));
  for (const r of roster) facts.get(r.userId)!.rosterAddedAt = r.addedAt;
  if (courseReadsWatching(course)) {
    const watched = await loadWatchedSharesFor(tx, t, course, ids, watchSource);
    for (const [id, shares] of watched) facts.get(id)!.watched = shares;
  }
  return facts;
}
