/**
 * The state of the whole-course sync as the runs in sync_runs tell it: is it failing now, since
 * when, and did a given run start or end a failure streak. A student's "Проверить снова" run
 * never counts: it must neither hide nor raise a failing cron job.
 */
import { and, desc, inArray, lt, ne } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { Tables } from '../db/tables.ts';

export type SyncRunRow = Tables['syncRuns']['$inferSelect'];

/** How many finished runs the banner looks back over to find where a streak began. */
const STREAK_LOOKBACK = 500;

export interface SyncHealth {
  /** The latest finished whole-course run failed. */
  failing: boolean;
  /** Failed runs in a row, newest backwards. */
  failures: number;
  /** When the first run of the current failure streak started. */
  failingSince?: Date;
  /** The newest failed run's message. */
  lastError?: string | null;
  lastOkAt?: Date | null;
}

/** Finished whole-course runs, newest first (optionally only those before `beforeId`). */
async function finishedRuns(
  database: Database,
  limit: number,
  beforeId?: number,
): Promise<SyncRunRow[]> {
  const r = database.t.syncRuns;
  return database.db
    .select()
    .from(r)
    .where(
      and(
        ne(r.kind, 'student'),
        inArray(r.status, ['ok', 'failed']),
        beforeId === undefined ? undefined : lt(r.id, beforeId),
      ),
    )
    .orderBy(desc(r.id))
    .limit(limit);
}

export async function loadSyncHealth(database: Database): Promise<SyncHealth> {
  const runs = await finishedRuns(database, STREAK_LOOKBACK);
  const streak: SyncRunRow[] = [];
  for (const run of runs) {
    if (run.status !== 'failed') break;
    streak.push(run);
  }
  const lastOk = runs.find((run) => run.status === 'ok');
  if (!streak.length) return { failing: false, failures: 0, lastOkAt: lastOk?.finishedAt ?? null };
  return {
    failing: true,
    failures: streak.length,
    failingSince: streak.at(-1)!.startedAt,
    lastError: streak[0]!.message,
    lastOkAt: lastOk?.finishedAt ?? null,
  };
}

export type StreakEdge = 'sync_failed' | 'sync_recovered' | null;

/**
 * Whether the finished run `run` began a failure streak (it failed, the run before did not) or
 * ended one (it worked, the run before failed). Runs never overlap (the sync lock), so "the run
 * before" is the finished whole-course run with the next lower id.
 */
export async function streakEdge(
  database: Database,
  run: Pick<SyncRunRow, 'id' | 'status' | 'kind'>,
): Promise<StreakEdge> {
  if (run.kind === 'student' || (run.status !== 'ok' && run.status !== 'failed')) return null;
  const [previous] = await finishedRuns(database, 1, run.id);
  const previousFailed = previous?.status === 'failed';
  if (run.status === 'failed') return previousFailed ? null : 'sync_failed';
  return previousFailed ? 'sync_recovered' : null;
}
