/**
 * Whether the grade book lists a linked student: the sync marks who it found (`stepik_seen_at`)
 * and, once a walk has completed, who it did not (`stepik_missing_since`) — the gate's
 * `not_in_course`. A student who linked after the walk began is never called missing by it:
 * "not synced since linking yet" is not "not in the course".
 */
import { and, eq, inArray, isNotNull, isNull, lt, lte, or } from 'drizzle-orm';
import type { Database } from '../db/client.ts';

/** Found in this walk (begun at `startedAt`). */
export async function markSeen(
  database: Database,
  userIds: readonly number[],
  startedAt: Date,
): Promise<void> {
  if (!userIds.length) return;
  const { t } = database;
  await database.db
    .update(t.users)
    .set({ stepikSeenAt: startedAt, stepikMissingSince: null })
    .where(inArray(t.users.id, [...userIds]));
}

/** After a complete walk: every linked student it did not find (only this Stepik user for a one-student walk). */
export async function markMissing(
  database: Database,
  startedAt: Date,
  stepikUserId?: number,
): Promise<number> {
  const { t } = database;
  const missing = await database.db
    .update(t.users)
    .set({ stepikMissingSince: startedAt })
    .where(
      and(
        stepikUserId === undefined
          ? isNotNull(t.users.stepikUserId)
          : eq(t.users.stepikUserId, stepikUserId),
        isNull(t.users.stepikMissingSince),
        or(isNull(t.users.stepikSeenAt), lt(t.users.stepikSeenAt, startedAt)),
        or(isNull(t.users.stepikLinkedAt), lte(t.users.stepikLinkedAt, startedAt)),
      ),
    )
    .returning({ id: t.users.id });
  return missing.length;
}
