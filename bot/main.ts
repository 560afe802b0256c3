/**
 * The bot worker (`npm run bot`): the bot by long polling with @grammyjs/runner — unless
 * TELEGRAM_WEBHOOK_SECRET says the web service takes updates by webhook, as the two cannot
 * coexist — plus the unlock notifier and the release scheduler (lessons opening by date,
 * bot/release-loop.ts). It checks the database and the token (bot.init) before
 * serving, and on SIGINT/SIGTERM stops the runner, lets the notifier finish the message in
 * hand, and closes the database.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { getConfig, type Config } from '#api/config.ts';
import { loadCourseContent } from '#api/course/load.ts';
import { openDatabase, type Database } from '#api/db/client.ts';
import { describeSchemaBehind, schemaStanding } from '#api/db/schema-standing.ts';
import { setUpBotProfile } from './bot-profile.ts';
import { BotStartError, createBotFromConfig, requireBotToken } from './from-config.ts';
import { runNotifier } from './notifier.ts';
import { DEFAULT_RELEASE_INTERVAL_IN_MS, runReleaseLoop } from './release-loop.ts';
import { describeError } from '#api/log/safe-error.ts';

export interface WorkerOptions {
  config?: Config;
  /** Aborting it shuts the worker down; the promise resolves once everything has stopped. */
  signal: AbortSignal;
  notifyIntervalInMs?: number;
  /** How often the release scheduler looks for lessons whose date came. */
  releaseIntervalInMs?: number;
  /** Long-poll timeout of getUpdates, in seconds (Telegram's maximum wait is 50). */
  pollTimeoutInSeconds?: number;
  log?: (line: string) => void;
  /** How often a worker whose database lacks this build's migrations looks again. */
  schemaRetryInMs?: number;
}

export const DEFAULT_NOTIFY_INTERVAL_IN_MS = 5_000;

function describe(error: unknown): string {
  return describeError(error);
}

/**
 * Resolves true once the database carries this build's migrations (said once while it waits,
 * and again when they came), false if `signal` stopped the wait first.
 */
async function waitForMigrations(
  database: Database,
  signal: AbortSignal,
  retryInMs: number,
  log: (line: string) => void,
): Promise<boolean> {
  let waited = false;
  for (;;) {
    const standing = await schemaStanding(database);
    if (standing.current) {
      if (waited) log('bot: the database has its migrations now; starting');
      return true;
    }
    if (!waited) log(`bot: waiting, ${describeSchemaBehind(database, standing)}`);
    waited = true;
    const stopped = await sleep(retryInMs, undefined, { signal }).then(
      () => false,
      () => true,
    );
    if (stopped) return false;
  }
}

export async function runBotWorker({
  config = getConfig(),
  signal,
  notifyIntervalInMs = DEFAULT_NOTIFY_INTERVAL_IN_MS,
  releaseIntervalInMs = DEFAULT_RELEASE_INTERVAL_IN_MS,
  pollTimeoutInSeconds = 30,
  log = console.log,
  schemaRetryInMs = 5_000,
}: WorkerOptions): Promise<void> {
  requireBotToken(config);
  const content = loadCourseContent(path.resolve(config.contentDir));
  const database = openDatabase(config.databaseUrl);
  let runner: RunnerHandle | undefined;
  let runnerStopped: Promise<void> | undefined;
  // Resolves once the updates in hand are handled; safe to call more than once.
  const stopRunner = (): Promise<void> =>
    (runnerStopped ??= runner?.isRunning() ? runner.stop() : Promise.resolve());
  try {
    await database.ping().catch((error: unknown) => {
      throw new BotStartError(`the database ${database.label} does not answer: ${describe(error)}`);
    });
    // Only the web service migrates (its pre-deploy step): a worker that started first waits for
    // the tables, rather than answering every student with an error meanwhile.
    if (!(await waitForMigrations(database, signal, schemaRetryInMs, log))) return;
    const bot = createBotFromConfig(config, database, content, (line) => log(line));
    await bot.init().catch((error: unknown) => {
      throw new BotStartError(
        `Telegram refused the bot token (getMe at ${config.telegram.apiRoot}): ${describe(error)}`,
      );
    });
    // The commands and the menu button are cosmetic: a failure is reported, not fatal.
    await setUpBotProfile(bot.api, config.appOrigin).catch((error: unknown) =>
      log(`bot: could not set the commands or the menu button: ${describe(error)}`),
    );
    if (signal.aborted) return;
    const polling = !config.telegram.webhookSecret;
    if (polling) {
      await bot.api.deleteWebhook();
      runner = run(bot, { runner: { fetch: { timeout: pollTimeoutInSeconds } } });
    }
    log(
      `bot @${bot.botInfo.username}: ${polling ? 'long polling' : 'updates by webhook to the web service'}, unlock messages every ${notifyIntervalInMs / 1000} s; Mini App origin ${config.appOrigin}`,
    );
    // Stops on the caller's signal, or when the runner crashes (e.g. the token was revoked).
    const stop = new AbortController();
    const stopAll = AbortSignal.any([signal, stop.signal]);
    stopAll.addEventListener('abort', () => void stopRunner(), { once: true });
    let crash: string | undefined;
    void runner?.task()?.catch((error: unknown) => {
      crash = describe(error);
      stop.abort();
    });
    await Promise.all([
      runNotifier({
        bot,
        database,
        course: content.course,
        appOrigin: config.appOrigin,
        intervalInMs: notifyIntervalInMs,
        signal: stopAll,
        log,
        staffAlertsTimeZone: config.timeZone,
      }),
      runReleaseLoop({
        database,
        course: content.course,
        timeZone: config.timeZone,
        audience: config.courseAudience,
        intervalInMs: releaseIntervalInMs,
        signal: stopAll,
        log,
      }),
    ]);
    if (crash) throw new BotStartError(`the bot stopped: ${crash}`);
  } finally {
    await stopRunner();
    await database.close();
  }
}

/** Runs the worker until SIGINT or SIGTERM. */
export async function runBotWorkerUntilSignalled(
  options: Omit<WorkerOptions, 'signal'> = {},
): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await runBotWorker({ ...options, signal: controller.signal });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

// `tsx bot/main.ts` works too; `npm run bot` goes through the CLI (`bot run`).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runBotWorkerUntilSignalled().catch((error: unknown) => {
    console.error(`error: ${describe(error).split('\n')[0]}`);
    process.exit(1);
  });
}
