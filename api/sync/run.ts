/**
 * One sync run as the CLI, the cron job and "Проверить снова" use it: the lock, the structure
 * when it is missing or a day old, the progress, and a row in sync_runs saying how it went.
 */
import { eq, max } from 'drizzle-orm';
import { hostname } from 'node:os';
import { listLessons } from '../course/load.ts';
import type { Course } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import { loadStepIds } from '../access/student-access.ts';
import { deleteExpiredSessions } from '../auth/session.ts';
import { ACCOUNT_POLICY, ADDRESS_POLICY, pruneThrottles } from '../auth/throttle.ts';
import { describeDatabaseError } from '../db/errors.ts';
import { queueSyncAlerts } from '../notify/staff-alerts.ts';
import { acquireLock, releaseLock, renewLock } from './lock.ts';
import { REFRESH_POLICY } from './refresh-policy.ts';
import { syncProgress } from './progress.ts';
import type { StepikSource } from './sources.ts';
import { syncStructure, type StructureReport } from './structure.ts';

const LOCK = 'sync';
const LOCK_TTL_IN_MS = 15 * 60_000;
const STRUCTURE_MAX_AGE_IN_MS = 24 * 60 * 60_000;

export class SyncBusyError extends Error {
  constructor() {
    super('another sync is running (the "sync" lock is held); try again when it ends');
  }
}

export interface SyncSummary {
  runId: number | undefined;
  structure: StructureReport | null;
  learners: number;
  matched: number;
  unlocked: string[];
  requests: number;
  seconds: number;
}

export interface SyncOptions {
  /** Only this student's Stepik id (on demand): no global lock, no structure refresh unless missing. */
  stepikUserId?: number;
  classIds?: readonly number[];
  forceStructure?: boolean;
  onPage?: (page: number, learnersSoFar: number) => void;
  /** STAFF_TELEGRAM_IDS: who hears in Telegram when the whole-course sync starts or stops failing. */
  staffTelegramIds?: readonly number[];
}

async function structureIsStale(database: Database, course: Course, stepIds: ReadonlyMap<number, number[]>): Promise<boolean> {
  const wanted = listLessons(course).filter((l) => l.stepikLessonId !== null);
  if (wanted.some((l) => !stepIds.has(l.stepikLessonId!))) return true;
  const [row] = await database.db.select({ newest: max(database.t.stepikLessons.updatedAt) }).from(database.t.stepikLessons);
  const newest = row?.newest ? new Date(row.newest as unknown as string | number | Date) : null;
  return !newest || Date.now() - newest.getTime() > STRUCTURE_MAX_AGE_IN_MS;
}

export async function runSync(database: Database, course: Course, source: StepikSource, options: SyncOptions = {}): Promise<SyncSummary> {
  const started = Date.now();
  const requestsBefore = source.requestCount;
  const single = options.stepikUserId !== undefined;
  const holder = `${hostname()}:${process.pid}:${started}`;
  if (!single && !(await acquireLock(database, LOCK, holder, LOCK_TTL_IN_MS))) throw new SyncBusyError();
  const { db, t } = database;
  let runId: number | undefined;
  try {
    const [run] = await db.insert(t.syncRuns).values({ kind: single ? 'student' : 'progress', status: 'running', startedAt: new Date(started) }).returning({ id: t.syncRuns.id });
    runId = run!.id;
    let stepIds = await loadStepIds(database, course);
    let structure: StructureReport | null = null;
    const stale = await structureIsStale(database, course, stepIds);
    if (options.forceStructure || (stale && (!single || stepIds.size === 0))) {
      structure = await syncStructure(database, course, source);
      stepIds = await loadStepIds(database, course);
    }
    const progress = await syncProgress(database, course, source, {
      stepikUserId: options.stepikUserId,
      classIds: options.classIds,
      stepIds,
      onPage: async (page, learners) => {
        options.onPage?.(page, learners);
        // A lease that expired and was taken over means another sync runs now: stop this one.
        if (!single && !(await renewLock(database, LOCK, holder, LOCK_TTL_IN_MS))) throw new Error('lost the sync lock to another run (its lease had expired)');
      },
    });
    if (!single) await pruneExpired(database);
    const summary: SyncSummary = {
      runId,
      structure,
      learners: progress.learners,
      matched: progress.matched,
      unlocked: progress.unlocked,
      requests: source.requestCount - requestsBefore,
      seconds: (Date.now() - started) / 1000,
    };
    await db
      .update(t.syncRuns)
      .set({ status: 'ok', finishedAt: new Date(), students: progress.learners, lessonsUnlocked: progress.unlocked.length, requests: summary.requests, message: structure?.unknownLessonIds.length ? `unknown lesson ids: ${structure.unknownLessonIds.map((u) => `${u.slug}=${u.lessonId}`).join(', ')}` : null })
      .where(eq(t.syncRuns.id, runId));
    if (!single) await queueAlerts(database, runId, 'ok', options.staffTelegramIds);
    return summary;
  } catch (error) {
    if (runId !== undefined) {
      await db
        .update(t.syncRuns)
        .set({ status: 'failed', finishedAt: new Date(), requests: source.requestCount - requestsBefore, message: describeDatabaseError(error) })
        .where(eq(t.syncRuns.id, runId))
        .catch(() => undefined);
      if (!single) await queueAlerts(database, runId, 'failed', options.staffTelegramIds);
    }
    throw error;
  } finally {
    if (!single) await releaseLock(database, LOCK, holder);
  }
}

/** Never fails the run: an alert that cannot be queued (the database is down) must not hide the run's own outcome. */
async function queueAlerts(database: Database, runId: number, status: 'ok' | 'failed', staffTelegramIds: readonly number[] = []): Promise<void> {
  await queueSyncAlerts(database, { id: runId, status, kind: 'progress' }, staffTelegramIds).catch((error: unknown) => {
    console.error(`sync: could not queue the staff alert for run ${runId}: ${describeDatabaseError(error)}`);
  });
}

/** Housekeeping the cron job does on the way: expired sessions and forgotten throttle rows. */
async function pruneExpired(database: Database): Promise<void> {
  await deleteExpiredSessions(database);
  for (const policy of [ACCOUNT_POLICY, ADDRESS_POLICY, REFRESH_POLICY]) await pruneThrottles(database, policy);
}

export function formatSummary(summary: SyncSummary): string {
  return `students ${summary.learners} (linked here: ${summary.matched}), lessons newly unlocked ${summary.unlocked.length}, requests ${summary.requests}, ${summary.seconds.toFixed(1)} s`;
}
