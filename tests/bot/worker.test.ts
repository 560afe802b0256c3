/**
 * The worker as `npm run bot` runs it (bot/main.ts) and the `bot` CLI commands, against the fake
 * Bot API with the real config parser and the demo content.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, resetConfig } from '#api/config.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { runBotWorker } from '#bot/main.ts';
import { main } from '#scripts/cli.ts';
import {
  FAKE_BOT_TOKEN,
  startFakeTelegram,
  type FakeTelegram,
} from '#scripts/fakes/telegram/server.ts';
import { runCli } from '../support/cli.ts';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';
import { createStudent, setProgress } from './support/course.ts';
import { POLL } from '../support/waits.ts';

const anna = { id: 5_000_000_041, first_name: 'Анна' };

let testDb: TestDatabase;
let fake: FakeTelegram;

beforeEach(async () => {
  testDb = await createSqliteDatabase();
  fake = await startFakeTelegram();
});

afterEach(async () => {
  await fake.close();
  await testDb.dispose();
});

const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  APP_ENV: 'development',
  TELEGRAM_BOT_TOKEN_DEV: FAKE_BOT_TOKEN,
  TELEGRAM_API_ROOT: fake.url,
  DATABASE_URL: testDb.url,
  APP_DOMAIN: 'course.test',
  CONTENT_DIR: 'content',
  ...extra,
});

describe('the bot worker', () => {
  it('checks the token, sets the commands and the menu button, polls, notifies, and stops on its signal', async () => {
    const user = await createStudent(testDb.database, { telegramId: anna.id });
    await setProgress(testDb.database, user.id, 920002, 5);
    await testDb.database.db
      .insert(testDb.database.t.unlockEvents)
      .values({ userId: user.id, lessonSlug: 'install-python', unlockedAt: new Date() });
    fake.state.chats.set(anna.id, anna);
    const logs: string[] = [];
    const controller = new AbortController();
    const worker = runBotWorker({
      config: loadConfig(env()),
      signal: controller.signal,
      notifyIntervalInMs: 20,
      pollTimeoutInSeconds: 1,
      log: (line) => logs.push(line),
    });

    const unlock = await fake.state.waitForCall(
      (c) => c.method === 'sendMessage' && String(c.payload.text).includes('Установка Python'),
    );
    expect(unlock.reply.ok).toBe(true);
    expect(fake.state.commands).toEqual([
      { command: 'start', description: 'Начать: программа курса и ваш прогресс' },
      { command: 'course', description: 'Программа курса: модули и уроки' },
      { command: 'progress', description: 'Мой прогресс: какие видео открыты' },
      { command: 'help', description: 'Как пользоваться ботом' },
    ]);
    expect(fake.state.menuButton).toEqual({
      type: 'web_app',
      text: 'Курс',
      web_app: { url: 'https://course.test/course' },
    });
    expect(fake.state.calls.map((c) => c.method).slice(0, 4)).toEqual([
      'getMe',
      'setMyCommands',
      'setChatMenuButton',
      'deleteWebhook',
    ]);

    const from = fake.state.calls.length;
    fake.state.sendText(anna, '/course');
    const menu = await fake.state.waitForCall(
      (c) => c.method === 'sendMessage' && String(c.payload.text).includes('Выберите модуль'),
      { from },
    );
    expect(menu.reply.ok).toBe(true);

    controller.abort();
    await worker;
    expect(logs[0]).toBe(
      'bot @course_test_bot: long polling, unlock messages every 0.02 s; Mini App origin https://course.test',
    );
    // After the stop nothing polls any more: a new update stays queued.
    await expect.poll(() => fake.isPolling(), POLL).toBe(false);
    fake.state.sendText(anna, '/help');
    expect(fake.state.takeUpdates(0, 100).map((u) => u.message?.text)).toContain('/help');
  });

  it('does not poll when the web service takes the updates by webhook', async () => {
    const logs: string[] = [];
    const controller = new AbortController();
    const worker = runBotWorker({
      config: loadConfig(env({ TELEGRAM_WEBHOOK_SECRET: 'webhook_secret_0123456789' })),
      signal: controller.signal,
      notifyIntervalInMs: 20,
      log: (line) => logs.push(line),
    });
    await fake.state.waitForCall((c) => c.method === 'setChatMenuButton');
    await expect.poll(() => logs.length, POLL).toBeGreaterThan(0);
    controller.abort();
    await worker;
    expect(logs[0]).toContain('updates by webhook to the web service');
    expect(fake.state.callsOf('deleteWebhook')).toEqual([]);
  });

  it('waits for the web service to migrate a database it finds without its tables, then serves', async () => {
    // Render deploys the worker beside the web service: it may start before the pre-deploy step.
    const empty = await createSqliteDatabase({ migrate: false });
    const logs: string[] = [];
    const controller = new AbortController();
    try {
      const worker = runBotWorker({
        config: loadConfig(env({ DATABASE_URL: empty.url })),
        signal: controller.signal,
        notifyIntervalInMs: 20,
        pollTimeoutInSeconds: 1,
        schemaRetryInMs: 20,
        log: (line) => logs.push(line),
      });
      await expect.poll(() => logs.length, POLL).toBeGreaterThan(0);
      expect(logs[0]).toMatch(
        /^bot: waiting, the database sqlite:.* has 0 of the \d+ migrations this build needs: run "cli migrate"/,
      );
      // Nothing asked of Telegram, no student answered with an error meanwhile.
      expect(fake.state.calls).toEqual([]);
      expect(logs).toHaveLength(1);

      await migrateDatabase(empty.database);
      await expect.poll(() => fake.isPolling(), POLL).toBe(true);
      expect(logs[1]).toBe('bot: the database has its migrations now; starting');
      expect(logs[2]).toContain('long polling');
      controller.abort();
      await worker;
    } finally {
      controller.abort();
      await empty.dispose();
    }
  });

  it('stops waiting for the migrations on its signal', async () => {
    const empty = await createSqliteDatabase({ migrate: false });
    const controller = new AbortController();
    try {
      const logs: string[] = [];
      const worker = runBotWorker({
        config: loadConfig(env({ DATABASE_URL: empty.url })),
        signal: controller.signal,
        schemaRetryInMs: 60_000,
        log: (line) => logs.push(line),
      });
      await expect.poll(() => logs.length, POLL).toBe(1);
      controller.abort();
      await worker;
      expect(fake.state.calls).toEqual([]);
    } finally {
      await empty.dispose();
    }
  });

  it('stops with a one-line error when Telegram refuses the token', async () => {
    const config = loadConfig(
      env({ TELEGRAM_BOT_TOKEN_DEV: '7000000001:AAWrongTokenWrongTokenWrongToken_xx' }),
    );
    await expect(
      runBotWorker({ config, signal: new AbortController().signal, log: () => {} }),
    ).rejects.toThrow(
      /^Telegram refused the bot token \(getMe at http:\/\/127\.0\.0\.1:\d+\): .*401/,
    );
  });
});

describe('npm run cli -- bot …', () => {
  const saved = { ...process.env };

  async function cli(
    args: string[],
    extra: Record<string, string> = {},
  ): Promise<{ code: number; out: string[]; err: string[] }> {
    Object.assign(process.env, env(extra));
    resetConfig();
    const out: string[] = [];
    const err: string[] = [];
    try {
      const code = await main(args, {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        readStdin: async () => '',
        interactive: false,
      });
      return { code, out, err };
    } finally {
      process.env = { ...saved };
      resetConfig();
    }
  }

  it('bot run exits 1 with one line when no token is configured', () => {
    const result = runCli(['bot', 'run'], {
      env: {
        APP_ENV: 'development',
        TELEGRAM_BOT_TOKEN_DEV: '',
        TELEGRAM_BOT_TOKEN_PROD: '',
        DATABASE_URL: testDb.url,
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: no bot token: set TELEGRAM_BOT_TOKEN_DEV (APP_ENV=development picks it) to the token from @BotFather\n',
    );
  });

  it('bot set-webhook registers APP_DOMAIN/api/telegram/webhook with the secret; bot delete-webhook removes it', async () => {
    const set = await cli(['bot', 'set-webhook', '--drop-pending'], {
      TELEGRAM_WEBHOOK_SECRET: 'webhook_secret_0123456789',
    });
    expect(set).toMatchObject({ code: 0, err: [] });
    expect(set.out).toEqual([
      'Webhook set: https://course.test/api/telegram/webhook',
      'Pending updates: 0',
    ]);
    expect(fake.state.callsOf('setWebhook')[0]?.payload).toEqual({
      url: 'https://course.test/api/telegram/webhook',
      secret_token: 'webhook_secret_0123456789',
      drop_pending_updates: true,
    });

    const removed = await cli(['bot', 'delete-webhook']);
    expect(removed).toMatchObject({
      code: 0,
      out: ['Webhook deleted: the bot worker takes updates by long polling.'],
    });
    expect(fake.state.webhook).toBeNull();
  });

  it('bot set-webhook refuses without a secret or an https URL', async () => {
    expect((await cli(['bot', 'set-webhook'])).err).toEqual([
      expect.stringMatching(/^error: TELEGRAM_WEBHOOK_SECRET is not set/),
    ]);
    const http = await cli(['bot', 'set-webhook', '--url', 'http://course.test/hook'], {
      TELEGRAM_WEBHOOK_SECRET: 'webhook_secret_0123456789',
    });
    expect(http).toMatchObject({
      code: 1,
      err: [
        'error: Telegram sends webhooks only to https URLs, got http://course.test/hook (set APP_DOMAIN or pass --url)',
      ],
    });
    expect(fake.state.callsOf('setWebhook')).toEqual([]);
  });
});
