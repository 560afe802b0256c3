/**
 * The unlock_events outbox, as the notifier uses it. A row is due while it has neither sent_at
 * nor skipped_at and its next_attempt_at is empty or past. Claiming is one conditional UPDATE
 * that also pushes next_attempt_at a lease ahead, so of two workers racing for a row exactly
 * one gets it back, and a worker that dies holding it lets the row fall due again only once the
 * lease has run out.
 */
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';

export interface ClaimedEvent {
  id: number;
  userId: number;
  lessonSlug: string;
  /** Delivery attempts including this one. */
  attempts: number;
}

export interface Recipient {
  telegramId: number | null;
  blockedAt: Date | null;
}

function isDue(database: Database, now: Date) {
  const e = database.t.unlockEvents;
  return and(
    isNull(e.sentAt),
    isNull(e.skippedAt),
    or(isNull(e.nextAttemptAt), lte(e.nextAttemptAt, now)),
  );
}

/** Ids of due rows, oldest first. Listing claims nothing: claimEvent decides. */
export async function listDueEvents(
  database: Database,
  now: Date,
  limit: number,
): Promise<number[]> {
  const e = database.t.unlockEvents;
  const rows = await database.db
    .select({ id: e.id })
    .from(e)
    .where(isDue(database, now))
    .orderBy(asc(e.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function claimEvent(
  database: Database,
  id: number,
  now: Date,
  leaseInMs: number,
): Promise<ClaimedEvent | undefined> {
  const e = database.t.unlockEvents;
  const [row] = await database.db
    .update(e)
    .set({ nextAttemptAt: new Date(now.getTime() + leaseInMs), attempts: sql`${e.attempts} + 1` })
    .where(and(eq(e.id, id), isDue(database, now)))
    .returning({ id: e.id, userId: e.userId, lessonSlug: e.lessonSlug, attempts: e.attempts });
  return row;
}

export async function markSent(database: Database, id: number, now: Date): Promise<void> {
  const e = database.t.unlockEvents;
  await database.db
    .update(e)
    .set({ sentAt: now, nextAttemptAt: null, lastError: null })
    .where(and(eq(e.id, id), isNull(e.sentAt)));
}

/** Never to be sent: `reason` says why (no Telegram, blocked, gave up…). */
export async function markSkipped(
  database: Database,
  id: number,
  now: Date,
  reason: string,
): Promise<void> {
  const e = database.t.unlockEvents;
  await database.db
    .update(e)
    .set({ skippedAt: now, nextAttemptAt: null, lastError: reason })
    .where(and(eq(e.id, id), isNull(e.sentAt)));
}

/**
 * Due again at `at`. `refundAttempt`: the failure was not the message's (a flood wait), so it
 * does not count towards giving up.
 */
export async function scheduleRetry(
  database: Database,
  id: number,
  at: Date,
  reason: string,
  { refundAttempt = false } = {},
): Promise<void> {
  const e = database.t.unlockEvents;
  await database.db
    .update(e)
    .set({
      nextAttemptAt: at,
      lastError: reason,
      ...(refundAttempt ? { attempts: sql`${e.attempts} - 1` } : {}),
    })
    .where(and(eq(e.id, id), isNull(e.sentAt)));
}

/** The student's Telegram chat (a private chat's id is the user's id) and whether they blocked the bot. */
export async function findRecipient(
  database: Database,
  userId: number,
): Promise<Recipient | undefined> {
  const { users, telegramUsers } = database.t;
  const [row] = await database.db
    .select({ telegramId: users.telegramId, blockedAt: telegramUsers.blockedAt })
    .from(users)
    .leftJoin(telegramUsers, eq(telegramUsers.telegramId, users.telegramId))
    .where(eq(users.id, userId));
  return row;
}
