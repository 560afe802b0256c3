/**
 * Sends one Telegram message per row of the unlock_events outbox (written by the sync and by
 * staff grants): "Видео к уроку «…» открыто".
 *
 * Delivery is at-least-once with a narrow duplicate window, because Telegram has no idempotency
 * key: claim the row with a lease (api/notify/unlock-outbox.ts) → send → mark it sent. A worker
 * that stops gracefully finishes the row in hand. A crash after the claim but before the send delays the
 * message until the lease runs out, then it goes once. Only a crash between Telegram accepting
 * the message and the "sent" mark being written sends it twice. The opposite choice (mark
 * first, then send) would lose the message in that same window; for "your video is open" a
 * rare duplicate beats a silent loss.
 */
import type { Api, RawApi } from 'grammy';
import { loadStepIds, loadStudentAccess } from '#api/access/student-access.ts';
import { listLessons } from '#api/course/load.ts';
import type { Course } from '#api/course/schema.ts';
import type { Database } from '#api/db/client.ts';
import { describeError } from '#api/log/safe-error.ts';
import { markBlocked } from '#api/notify/blocked-users.ts';
import {
  claimEvent,
  findRecipient,
  listDueEvents,
  markSent,
  markSkipped,
  scheduleRetry,
  type ClaimedEvent,
} from '#api/notify/unlock-outbox.ts';
import { classifySendError } from './delivery-errors.ts';
import { SendRate } from './send-rate.ts';
import { notifyStaffOnce } from './staff-notifier.ts';
import { unlockMessage } from './unlock-message.ts';
import { screenOptions } from './views/screen.ts';
import { pause } from './pause.ts';

export interface NotifierOptions {
  bot: { api: Api<RawApi> };
  database: Database;
  course: Course;
  appOrigin: string;
  batchSize?: number;
  /** Longer than the slowest send: 4 tries × (60 s timeout + 30 s flood wait) with auto-retry. */
  leaseInMs?: number;
  /** Failed deliveries after which a row is given up (skipped). */
  maxAttempts?: number;
  now?: () => Date;
  rate?: SendRate;
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** The course's time zone: given, the loop also sends the staff's sync alerts (bot/staff-notifier.ts). */
  staffAlertsTimeZone?: string;
}

export interface NotifyReport {
  sent: number;
  skipped: number;
  retryLater: number;
  /** Due rows another worker claimed first. */
  takenByOthers: number;
  /** True when the batch was full: more rows may be due right now. */
  more: boolean;
}

export const DEFAULT_LEASE_IN_MS = 10 * 60_000;
export const DEFAULT_MAX_ATTEMPTS = 8;
const BASE_RETRY_IN_MS = 30_000;
const MAX_RETRY_IN_MS = 6 * 3_600_000;

/** 30 s, 1 min, 2 min … capped at 6 h. */
export function retryDelayInMs(attempts: number): number {
  return Math.min(MAX_RETRY_IN_MS, BASE_RETRY_IN_MS * 2 ** Math.max(0, attempts - 1));
}

type Outcome = 'sent' | 'skipped' | 'retryLater';

async function deliver(
  options: Required<
    Pick<
      NotifierOptions,
      'database' | 'course' | 'appOrigin' | 'now' | 'rate' | 'log' | 'maxAttempts'
    >
  > &
    NotifierOptions,
  event: ClaimedEvent,
  stepIds: ReadonlyMap<number, number[]>,
): Promise<Outcome> {
  const { database, course, now, log } = options;
  const skip = async (reason: string): Promise<Outcome> => {
    await markSkipped(database, event.id, now(), reason);
    return 'skipped';
  };
  const lesson = listLessons(course).find((l) => l.slug === event.lessonSlug);
  if (!lesson) return skip('lesson_gone: the course has no lesson with this slug');
  const recipient = await findRecipient(database, event.userId);
  if (!recipient?.telegramId) return skip('no_telegram: the student has not linked Telegram');
  if (recipient.blockedAt) return skip('blocked: the student blocked the bot');
  const access = (
    await loadStudentAccess(database, course, event.userId, stepIds, { now: now() })
  ).find((item) => item.lesson.slug === lesson.slug);
  if (!access?.access.open) return skip('closed: the lesson is no longer open for this student');

  await options.rate.take(recipient.telegramId);
  const message = unlockMessage(lesson, options.appOrigin, course);
  try {
    await options.bot.api.sendMessage(recipient.telegramId, message.text, screenOptions(message));
  } catch (error) {
    const failure = classifySendError(error);
    if (failure.kind === 'blocked') {
      await markBlocked(database, recipient.telegramId, now());
      return skip(`blocked: ${failure.reason}`);
    }
    if (failure.kind === 'undeliverable') return skip(`undeliverable: ${failure.reason}`);
    if (failure.kind === 'rate_limited') {
      await scheduleRetry(
        database,
        event.id,
        new Date(now().getTime() + failure.retryAfterInSeconds * 1000),
        failure.reason,
        { refundAttempt: true },
      );
      return 'retryLater';
    }
    if (event.attempts >= options.maxAttempts)
      return skip(`gave_up after ${event.attempts} attempts: ${failure.reason}`);
    log(`notifier: event ${event.id} attempt ${event.attempts} failed: ${failure.reason}`);
    await scheduleRetry(
      database,
      event.id,
      new Date(now().getTime() + retryDelayInMs(event.attempts)),
      failure.reason,
    );
    return 'retryLater';
  }
  // The duplicate window: if this write fails or the process dies here, the lease runs out and
  // the message goes again.
  await markSent(database, event.id, now());
  return 'sent';
}

/** One pass: claims and delivers up to `batchSize` due rows, oldest first. */
export async function notifyOnce(options: NotifierOptions): Promise<NotifyReport> {
  const full = {
    ...options,
    batchSize: options.batchSize ?? 50,
    leaseInMs: options.leaseInMs ?? DEFAULT_LEASE_IN_MS,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    now: options.now ?? (() => new Date()),
    rate: options.rate ?? new SendRate(),
    log: options.log ?? console.error,
  };
  const report: NotifyReport = {
    sent: 0,
    skipped: 0,
    retryLater: 0,
    takenByOthers: 0,
    more: false,
  };
  const ids = await listDueEvents(full.database, full.now(), full.batchSize);
  report.more = ids.length === full.batchSize;
  if (!ids.length) return report;
  const stepIds = await loadStepIds(full.database, full.course);
  for (const id of ids) {
    if (options.signal?.aborted) break;
    const event = await claimEvent(full.database, id, full.now(), full.leaseInMs);
    if (!event) {
      report.takenByOthers += 1;
      continue;
    }
    report[await deliver(full, event, stepIds)] += 1;
  }
  return report;
}

/**
 * Polls the outbox every `intervalInMs` until `signal` aborts; resolves once the row in hand is
 * finished. A failing pass (database down) is logged and tried again next time.
 */
export async function runNotifier(
  options: NotifierOptions & { intervalInMs: number; signal: AbortSignal },
): Promise<void> {
  const log = options.log ?? console.error;
  // One limiter for the whole loop: the flood limits span passes.
  const rate = options.rate ?? new SendRate();
  while (!options.signal.aborted) {
    let more = false;
    try {
      const report = await notifyOnce({ ...options, rate });
      more = report.more;
      if (report.sent || report.skipped || report.retryLater)
        log(
          `notifier: sent ${report.sent}, skipped ${report.skipped}, retry later ${report.retryLater}`,
        );
      if (options.staffAlertsTimeZone) {
        const staff = await notifyStaffOnce({
          bot: options.bot,
          database: options.database,
          timeZone: options.staffAlertsTimeZone,
          now: options.now,
          log,
        });
        if (staff.sent || staff.skipped)
          log(`notifier: staff alerts sent ${staff.sent}, skipped ${staff.skipped}`);
      }
    } catch (error) {
      log(`notifier: pass failed: ${describeError(error)}`);
    }
    if (!more) await pause(options.intervalInMs, options.signal);
  }
}
