/**
 * Telegram messages to staff about the sync, once per failure streak: "the sync failed" for the
 * first failed run after a good one, "works again" for the first good run after failures.
 *
 * Queued in the staff_alerts outbox (one row per run and staff Telegram id, unique) by the run
 * itself, whoever ran it (the cron job, npm start's loop, /admin); the bot worker sends each row
 * once (bot/staff-notifier.ts). A separate outbox rather than unlock_events because staff are
 * settings (STAFF_TELEGRAM_IDS), not necessarily users with a row to point at.
 */
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { streakEdge, type SyncRunRow } from './sync-health.ts';

export interface StaffAlert {
  id: number;
  runId: number;
  kind: 'sync_failed' | 'sync_recovered';
  telegramId: number;
  attempts: number;
}

/** Queues the alerts `run` calls for (none in the middle of a streak); returns how many rows were added. */
export async function queueSyncAlerts(
  database: Database,
  run: Pick<SyncRunRow, 'id' | 'status' | 'kind'>,
  staffTelegramIds: readonly number[],
): Promise<number> {
  if (!staffTelegramIds.length) return 0;
  const kind = await streakEdge(database, run);
  if (!kind) return 0;
  const rows = [...new Set(staffTelegramIds)].map((telegramId) => ({
    runId: run.id,
    kind,
    telegramId,
  }));
  const added = await database.db
    .insert(database.t.staffAlerts)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: database.t.staffAlerts.id });
  return added.length;
}

function isDue(database: Database, now: Date) {
  const a = database.t.staffAlerts;
  return and(
    isNull(a.sentAt),
    isNull(a.skippedAt),
    or(isNull(a.nextAttemptAt), lte(a.nextAttemptAt, now)),
  );
}

export async function listDueStaffAlerts(
  database: Database,
  now: Date,
  limit: number,
): Promise<number[]> {
  const a = database.t.staffAlerts;
  const rows = await database.db
    .select({ id: a.id })
    .from(a)
    .where(isDue(database, now))
    .orderBy(asc(a.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** One conditional UPDATE: of two workers racing for a row exactly one gets it (same lease scheme as unlock_events). */
export async function claimStaffAlert(
  database: Database,
  id: number,
  now: Date,
  leaseInMs: number,
): Promise<StaffAlert | undefined> {
  const a = database.t.staffAlerts;
  const [row] = await database.db
    .update(a)
    .set({ nextAttemptAt: new Date(now.getTime() + leaseInMs), attempts: sql`${a.attempts} + 1` })
    .where(and(eq(a.id, id), isDue(database, now)))
    .returning({
      id: a.id,
      runId: a.runId,
      kind: a.kind,
      telegramId: a.telegramId,
      attempts: a.attempts,
    });
  return row;
}

export async function markStaffAlertSent(database: Database, id: number, now: Date): Promise<void> {
  const a = database.t.staffAlerts;
  await database.db
    .update(a)
    .set({ sentAt: now, nextAttemptAt: null, lastError: null })
    .where(and(eq(a.id, id), isNull(a.sentAt)));
}

export async function markStaffAlertSkipped(
  database: Database,
  id: number,
  now: Date,
  reason: string,
): Promise<void> {
  const a = database.t.staffAlerts;
  await database.db
    .update(a)
    .set({ skippedAt: now, nextAttemptAt: null, lastError: reason })
    .where(and(eq(a.id, id), isNull(a.sentAt)));
}

export async function retryStaffAlert(
  database: Database,
  id: number,
  at: Date,
  reason: string,
): Promise<void> {
  const a = database.t.staffAlerts;
  await database.db
    .update(a)
    .set({ nextAttemptAt: at, lastError: reason })
    .where(and(eq(a.id, id), isNull(a.sentAt)));
}

export async function findSyncRun(database: Database, id: number): Promise<SyncRunRow | undefined> {
  const [run] = await database.db
    .select()
    .from(database.t.syncRuns)
    .where(eq(database.t.syncRuns.id, id));
  return run;
}
