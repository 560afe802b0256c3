/**
 * One sync run as the CLI, the cron job and "Проверить снова" use it: the lock, the structure
 * when it is missing or a day old, the progress, and a row in sync_runs saying how it went.
 */
import { and, desc, eq, isNotNull, max } from 'drizzle-orm';
import { hostname } from 'node:os';
import { listLessons } from '../course/load.ts';
import type { CourseAudience } from '../config.ts';
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
import { chooseGradeStrategy, type GradeStrategy } from './grade-strategy.ts';
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
  /** Response bytes from Stepik (0 where the source does not count them). */
  bytes: number;
  /** How the grade book was read: every page, or one request per linked student. */
  strategy: GradeStrategy | 'student';
  seconds: number;
}

export interface SyncOptions {
  /** Only this student's Stepik id (on demand): no global lock, no structure refresh unless missing. */
  stepikUserId?: number;
  classIds?: readonly number[];
  forceStructure?: boolean;
  onPage?: (page: number, learnersSoFar: number) => void;
  /** COURSE_AUDIENCE; default: the process's config. */
  audience?: CourseAudience;
  /** `auto` (the default) picks by expected cost (grade-strategy.ts); tests and benchmarks force one. */
  strategy?: GradeStrategy | 'auto';
  /** The client's request budget, for that choice (STEPIK_REQUESTS_PER_SECOND). */
  requestsPerSecond?: number;
  /** STAFF_TELEGRAM_IDS: who hears in Telegram when the whole-course sync starts or stops failing. */
  staffTelegramIds?: readonly number[];
}

/** A walk of every page also tells how big the grade book is; older than this, walk again. */
const WALK_MAX_AGE_IN_MS = 24 * 60 * 60_000;

/** Walk, or ask for each linked student: from the last walk's size and how many are linked now. */
async function decideStrategy(
  database: Database,
  options: SyncOptions,
): Promise<{ strategy: GradeStrategy; linked: number[] }> {
  const { db, t } = database;
  const linked = (
    await db
      .select({ id: t.users.stepikUserId })
      .from(t.users)
      .where(isNotNull(t.users.stepikUserId))
  ).map((r) => r.id!);
  if (options.strategy && options.strategy !== 'auto')
    return { strategy: options.strategy, linked };
  const [lastWalk] = await db
    .select({ students: t.syncRuns.students, finishedAt: t.syncRuns.finishedAt })
    .from(t.syncRuns)
    .where(and(eq(t.syncRuns.kind, 'progress'), eq(t.syncRuns.status, 'ok')))
    .orderBy(desc(t.syncRuns.id))
    .limit(1);
  const fresh =
    lastWalk?.finishedAt &&
    Date.now() - new Date(lastWalk.finishedAt).getTime() < WALK_MAX_AGE_IN_MS;
  const choice = chooseGradeStrategy({
    linkedStudents: linked.length,
    knownLearners: fresh ? (lastWalk.students ?? null) : null,
    requestsPerSecond: options.requestsPerSecond ?? 4,
  });
  return { strategy: choice.strategy, linked };
}

async function structureIsStale(
  database: Database,
  course: Course,
  stepIds: ReadonlyMap<number, number[]>,
): Promise<boolean> {
  const wanted = listLessons(course).filter((l) => l.stepikLessonId !== null);
  if (wanted.some((l) => !stepIds.has(l.stepikLessonId!))) return true;
  const [row] = await database.db
    .select({ newest: max(database.t.stepikLessons.updatedAt) })
    .from(database.t.stepikLessons);
  const newest = row?.newest ? new Date(row.newest as unknown as string | number | Date) : null;
  return !newest || Date.now() - newest.getTime() > STRUCTURE_MAX_AGE_IN_MS;
}

export async function runSync(
  database: Database,
  course: Course,
  source: StepikSource,
  options: SyncOptions = {},
): Promise<SyncSummary> {
  const started = Date.now();
  const requestsBefore = source.requestCount;
  const bytesBefore = source.byteCount ?? 0;
  const single = options.stepikUserId !== undefined;
  const holder = `${hostname()}:${process.pid}:${started}`;
  if (!single && !(await acquireLock(database, LOCK, holder, LOCK_TTL_IN_MS)))
    throw new SyncBusyError();
  const { db, t } = database;
  let runId: number | undefined;
  try {
    const plan = single ? null : await decideStrategy(database, options);
    // 'progress' rows are walks (they measure the grade book); 'linked' rows asked per student.
    const kind = single ? 'student' : plan!.strategy === 'walk' ? 'progress' : 'linked';
    const [run] = await db
      .insert(t.syncRuns)
      .values({ kind, status: 'running', startedAt: new Date(started) })
      .returning({ id: t.syncRuns.id });
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
      perStudent: plan?.strategy === 'per-student' ? plan.linked : undefined,
      classIds: options.classIds,
      stepIds,
      audience: options.audience,
      onPage: async (page, learners) => {
        options.onPage?.(page, learners);
        // A lease that expired and was taken over means another sync runs now: stop this one.
        if (!single && !(await renewLock(database, LOCK, holder, LOCK_TTL_IN_MS)))
          throw new Error('lost the sync lock to another run (its lease had expired)');
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
      bytes: (source.byteCount ?? 0) - bytesBefore,
      strategy: plan?.strategy ?? 'student',
      seconds: (Date.now() - started) / 1000,
    };
    await db
      .update(t.syncRuns)
      .set({
        status: 'ok',
        finishedAt: new Date(),
        students: progress.learners,
        lessonsUnlocked: progress.unlocked.length,
        requests: summary.requests,
        message: structure?.unknownLessonIds.length
          ? `unknown lesson ids: ${structure.unknownLessonIds.map((u) => `${u.slug}=${u.lessonId}`).join(', ')}`
          : null,
      })
      .where(eq(t.syncRuns.id, runId));
    if (!single) await queueAlerts(database, runId, 'ok', options.staffTelegramIds);
    return summary;
  } catch (error) {
    if (runId !== undefined) {
      await db
        .update(t.syncRuns)
        .set({
          status: 'failed',
          finishedAt: new Date(),
          requests: source.requestCount - requestsBefore,
          message: describeDatabaseError(error),
        })
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
async function queueAlerts(
  database: Database,
  runId: number,
  status: 'ok' | 'failed',
  staffTelegramIds: readonly number[] = [],
): Promise<void> {
  await queueSyncAlerts(database, { id: runId, status, kind: 'progress' }, staffTelegramIds).catch(
    (error: unknown) => {
      console.error(
        `sync: could not queue the staff alert for run ${runId}: ${describeDatabaseError(error)}`,
      );
    },
  );
}

/** Housekeeping the cron job does on the way: expired sessions and forgotten throttle rows. */
async function pruneExpired(database: Database): Promise<void> {
  await deleteExpiredSessions(database);
  for (const policy of [ACCOUNT_POLICY, ADDRESS_POLICY, REFRESH_POLICY])
    await pruneThrottles(database, policy);
}

export function formatSummary(summary: SyncSummary): string {
  const how =
    summary.strategy === 'per-student'
      ? ', one request per linked student'
      : summary.strategy === 'walk'
        ? ', every grade-book page'
        : '';
  return `students ${summary.learners} (linked here: ${summary.matched}), lessons newly unlocked ${summary.unlocked.length}, requests ${summary.requests}${how}, ${formatBytes(summary.bytes)} from Stepik, ${summary.seconds.toFixed(1)} s`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${Math.round(bytes / 1_000)} KB`;
  return `${bytes} B`;
}
