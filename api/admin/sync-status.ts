/**
 * What /admin shows about the whole-course sync, as one value for the page and for
 * GET /api/admin/sync (which the page polls after "Синхронизировать сейчас"): the latest run,
 * a line describing it, and whether the sync is failing (the banner).
 */
import { ru } from '../i18n/ru.ts';
import type { Database } from '../db/client.ts';
import { loadSyncHealth, type SyncRunRow } from '../notify/sync-health.ts';
import { lastSyncRun } from './matrix.ts';
import { courseTimeFormatter } from './stuck/lists.ts';

export interface SyncStatus {
  run: {
    id: number;
    status: SyncRunRow['status'];
    startedAt: string;
    finishedAt: string | null;
    students: number;
    lessonsUnlocked: number;
    message: string | null;
  } | null;
  /** The Russian line the page shows, in the course's time zone with its name. */
  text: string;
  /** The failing-sync banner's lines; empty while the sync works. */
  banner: string[];
}

const t = ru.site.admin;
const s = ru.adminStuck;

function describeRun(run: SyncRunRow, formatTime: (at: Date) => string): string {
  if (run.status === 'running') return `${s.sync.running} (${formatTime(run.startedAt)})`;
  const when = t.lastSync(
    formatTime(run.startedAt),
    `${t.status[run.status] ?? run.status}${run.message ? ` (${run.message})` : ''}`,
  );
  if (run.status !== 'ok' || !run.finishedAt) return when;
  const seconds = Math.max(
    0,
    Math.round((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000),
  );
  return `${when}. ${s.sync.done(run.students, run.lessonsUnlocked, seconds)}`;
}

export async function loadSyncStatus(database: Database, timeZone: string): Promise<SyncStatus> {
  const formatTime = courseTimeFormatter(timeZone);
  const [run, health] = await Promise.all([lastSyncRun(database), loadSyncHealth(database)]);
  const banner = health.failing
    ? [
        s.banner.failing(formatTime(health.failingSince!), health.failures),
        ...(health.lastError ? [s.banner.lastError(health.lastError)] : []),
      ]
    : [];
  return {
    run: run
      ? {
          id: run.id,
          status: run.status,
          startedAt: run.startedAt.toISOString(),
          finishedAt: run.finishedAt?.toISOString() ?? null,
          students: run.students,
          lessonsUnlocked: run.lessonsUnlocked,
          message: run.message,
        }
      : null,
    text: run ? describeRun(run, formatTime) : t.neverSynced,
    banner,
  };
}
