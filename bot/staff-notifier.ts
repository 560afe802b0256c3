/**
 * Sends the staff_alerts outbox (api/notify/staff-alerts.ts): "the sync failed" / "works again"
 * to each STAFF_TELEGRAM_IDS chat, once. Same delivery rule as the unlock notifier: claim with a
 * lease → send → mark sent, so a restart never repeats a sent row; only a crash between
 * Telegram accepting the message and the mark being written repeats it.
 */
import type { Api, RawApi } from 'grammy';
import { courseTimeFormatter } from '#api/admin/stuck/lists.ts';
import type { Database } from '#api/db/client.ts';
import { ru } from '#api/i18n/ru.ts';
import {
  claimStaffAlert,
  findSyncRun,
  listDueStaffAlerts,
  markStaffAlertSent,
  markStaffAlertSkipped,
  retryStaffAlert,
  type StaffAlert,
} from '#api/notify/staff-alerts.ts';
import { classifySendError } from './delivery-errors.ts';
import { DEFAULT_LEASE_IN_MS, DEFAULT_MAX_ATTEMPTS, retryDelayInMs } from './notifier.ts';

export interface StaffNotifierOptions {
  bot: { api: Api<RawApi> };
  database: Database;
  timeZone: string;
  now?: () => Date;
  leaseInMs?: number;
  maxAttempts?: number;
  log?: (line: string) => void;
}

const t = ru.adminStuck.alerts;

export async function staffAlertText(
  database: Database,
  alert: Pick<StaffAlert, 'runId' | 'kind'>,
  timeZone: string,
): Promise<string | undefined> {
  const run = await findSyncRun(database, alert.runId);
  if (!run) return undefined;
  const when = courseTimeFormatter(timeZone)(run.finishedAt ?? run.startedAt);
  return alert.kind === 'sync_failed' ? t.failed(when, run.message ?? '') : t.recovered(when);
}

async function deliver(
  options: StaffNotifierOptions,
  alert: StaffAlert,
  now: () => Date,
): Promise<'sent' | 'skipped' | 'retryLater'> {
  const { database } = options;
  const text = await staffAlertText(database, alert, options.timeZone);
  if (!text) {
    await markStaffAlertSkipped(database, alert.id, now(), 'run_gone: the sync run was deleted');
    return 'skipped';
  }
  try {
    // Plain text: the run's message is an error string, not HTML.
    await options.bot.api.sendMessage(alert.telegramId, text, {
      link_preview_options: { is_disabled: true },
    });
  } catch (error) {
    const failure = classifySendError(error);
    if (
      failure.kind === 'blocked' ||
      failure.kind === 'undeliverable' ||
      alert.attempts >= (options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)
    ) {
      await markStaffAlertSkipped(database, alert.id, now(), `${failure.kind}: ${failure.reason}`);
      return 'skipped';
    }
    const delay =
      failure.kind === 'rate_limited'
        ? failure.retryAfterInSeconds * 1000
        : retryDelayInMs(alert.attempts);
    await retryStaffAlert(database, alert.id, new Date(now().getTime() + delay), failure.reason);
    return 'retryLater';
  }
  await markStaffAlertSent(database, alert.id, now());
  return 'sent';
}

/** One pass over the due staff alerts (a handful at most: one per streak edge and staff member). */
export async function notifyStaffOnce(
  options: StaffNotifierOptions,
): Promise<{ sent: number; skipped: number; retryLater: number }> {
  const now = options.now ?? (() => new Date());
  const report = { sent: 0, skipped: 0, retryLater: 0 };
  for (const id of await listDueStaffAlerts(options.database, now(), 50)) {
    const alert = await claimStaffAlert(
      options.database,
      id,
      now(),
      options.leaseInMs ?? DEFAULT_LEASE_IN_MS,
    );
    if (alert) report[await deliver(options, alert, now)] += 1;
  }
  return report;
}
