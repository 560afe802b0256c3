/**
 * The unlock messages: one per outbox row, exactly once across restarts and racing workers,
 * 429 waited out, blocked users skipped and marked, failures retried with back-off and then
 * given up — over HTTP against the fake Bot API, on SQLite and (with TEST_DATABASE_URL) PostgreSQL.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '#api/db/client.ts';
import { createBot } from '#bot/create-bot.ts';
import {
  DEFAULT_LEASE_IN_MS,
  notifyOnce,
  runNotifier,
  type NotifierOptions,
} from '#bot/notifier.ts';
import { claimEvent } from '#api/notify/unlock-outbox.ts';
import { SendRate } from '#bot/send-rate.ts';
import {
  apiFailure,
  FAKE_BOT_TOKEN,
  startFakeTelegram,
  type FakeTelegram,
} from '#scripts/fakes/telegram/server.ts';
import { dialects, type TestDatabase } from '../support/databases.ts';
import {
  buildTestCourse,
  createStudent,
  seedStepikLessons,
  setProgress,
  telegramUserRow,
  TEST_ORIGIN,
} from './support/course.ts';
import { buttonsOf, textOf } from './support/harness.ts';
import { POLL } from '../support/waits.ts';

const course = buildTestCourse();
const START = new Date('2030-01-01T10:00:00Z');
const later = (ms: number): Date => new Date(START.getTime() + ms);

describe.each(dialects)('the unlock notifier ($name)', ({ create }) => {
  let testDb: TestDatabase;
  let database: Database;
  let fake: FakeTelegram;
  let nextTelegramId = 6_000_000_001;

  beforeEach(async () => {
    testDb = await create();
    database = testDb.database;
    await seedStepikLessons(database, course);
    fake = await startFakeTelegram();
  });

  afterEach(async () => {
    await fake.close();
    await testDb.dispose();
  });

  /** A new worker process: its own bot (same token, same fake) and its own limiter. */
  function worker(now: Date = START, extra: Partial<NotifierOptions> = {}): NotifierOptions {
    const bot = createBot({
      token: FAKE_BOT_TOKEN,
      apiRoot: fake.url,
      database,
      course,
      appOrigin: TEST_ORIGIN,
      botInfo: fake.state.botUser,
      log: () => {},
    });
    return {
      bot,
      database,
      course,
      appOrigin: TEST_ORIGIN,
      now: () => now,
      rate: new SendRate({ perChatIntervalInMs: 0, ratePerSecond: 1000, burst: 100 }),
      log: () => {},
      ...extra,
    };
  }

  /** A student with Telegram who has started the bot and unlocked a lesson: one outbox row. */
  async function unlockedStudent({
    telegram = true,
    startedBot = true,
    slug = 'install-python',
    stepikLessonId = 101,
  } = {}) {
    const telegramId = nextTelegramId++;
    const user = await createStudent(database, { telegramId: telegram ? telegramId : null });
    if (startedBot) fake.state.chats.set(telegramId, { id: telegramId, first_name: 'Анна' });
    await setProgress(database, user.id, stepikLessonId, 5);
    const [event] = await database.db
      .insert(database.t.unlockEvents)
      .values({ userId: user.id, lessonSlug: slug, unlockedAt: START })
      .returning();
    return { user, telegramId, eventId: event!.id };
  }

  async function row(id: number) {
    const [found] = await database.db
      .select()
      .from(database.t.unlockEvents)
      .where(eq(database.t.unlockEvents.id, id));
    return found!;
  }

  it('sends "Видео к уроку «…» открыто" with a Mini App button, exactly once across a restart', async () => {
    const { telegramId, eventId } = await unlockedStudent();

    expect(await notifyOnce(worker())).toMatchObject({ sent: 1, skipped: 0 });
    // The restart: a new bot and notifier on the same database.
    expect(await notifyOnce(worker(later(DEFAULT_LEASE_IN_MS * 3)))).toMatchObject({ sent: 0 });

    const sent = fake.state.succeeded('sendMessage');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload.chat_id).toBe(telegramId);
    expect(textOf(sent[0]!)).toBe('🎬 Видео к уроку «Установка Python» открыто');
    expect(buttonsOf(sent[0]!)).toEqual([
      { text: 'Смотреть видео', web_app: { url: `${TEST_ORIGIN}/lessons/install-python` } },
      { text: 'Дальше: Переменные & типы', web_app: { url: `${TEST_ORIGIN}/lessons/variables` } },
    ]);
    expect(await row(eventId)).toMatchObject({
      sentAt: START,
      skippedAt: null,
      attempts: 1,
      nextAttemptAt: null,
    });
  });

  it('after a crash between claim and send, sends once the lease has run out — and only then', async () => {
    const { eventId } = await unlockedStudent();
    // A worker claimed the row and died before sending.
    expect(await claimEvent(database, eventId, START, DEFAULT_LEASE_IN_MS)).toMatchObject({
      id: eventId,
      attempts: 1,
    });

    expect(await notifyOnce(worker(later(DEFAULT_LEASE_IN_MS - 1)))).toMatchObject({ sent: 0 });
    expect(await notifyOnce(worker(later(DEFAULT_LEASE_IN_MS)))).toMatchObject({ sent: 1 });
    expect(await notifyOnce(worker(later(DEFAULT_LEASE_IN_MS * 5)))).toMatchObject({ sent: 0 });
    expect(fake.state.succeeded('sendMessage')).toHaveLength(1);
    expect((await row(eventId)).attempts).toBe(2);
  });

  it('documents the duplicate window: a send whose "sent" mark was lost goes again after the lease', async () => {
    const { eventId } = await unlockedStudent();
    await notifyOnce(worker());
    // What the row looks like had the process died right after Telegram accepted the message.
    await database.db
      .update(database.t.unlockEvents)
      .set({ sentAt: null, nextAttemptAt: later(DEFAULT_LEASE_IN_MS) })
      .where(eq(database.t.unlockEvents.id, eventId));
    await notifyOnce(worker(later(DEFAULT_LEASE_IN_MS)));
    expect(fake.state.succeeded('sendMessage')).toHaveLength(2);
  });

  it('lets two workers racing over the same rows send each message once', async () => {
    const students = [];
    for (let i = 0; i < 6; i++) students.push(await unlockedStudent());
    const reports = await Promise.all([
      notifyOnce(worker()),
      notifyOnce(worker()),
      notifyOnce(worker()),
    ]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(6);
    const chats = fake.state.succeeded('sendMessage').map((c) => c.payload.chat_id);
    expect(chats.sort()).toEqual(students.map((s) => s.telegramId).sort());
  });

  it('waits out a 429 with retry_after (auto-retry) and then sends once', async () => {
    const { eventId } = await unlockedStudent();
    fake.state.faults.rateLimit('sendMessage', 1, 1);
    expect(await notifyOnce(worker())).toMatchObject({ sent: 1 });
    const calls = fake.state.callsOf('sendMessage');
    expect(calls.map((c) => (c.reply.ok ? 'ok' : c.reply.error_code))).toEqual([429, 'ok']);
    expect(await notifyOnce(worker(later(DEFAULT_LEASE_IN_MS * 2)))).toMatchObject({ sent: 0 });
    expect((await row(eventId)).sentAt).toEqual(START);
  });

  it('puts a row back for a flood wait longer than auto-retry takes, without counting it as a failure', async () => {
    const { eventId } = await unlockedStudent();
    fake.state.faults.rateLimit('sendMessage', 1, 120);
    expect(await notifyOnce(worker())).toMatchObject({ sent: 0, retryLater: 1 });
    expect(await row(eventId)).toMatchObject({
      attempts: 0,
      nextAttemptAt: later(120_000),
      sentAt: null,
    });
    expect(await notifyOnce(worker(later(119_000)))).toMatchObject({ sent: 0, retryLater: 0 });
    expect(await notifyOnce(worker(later(120_000)))).toMatchObject({ sent: 1 });
  });

  it('skips and marks a user who blocked the bot, and never tries them again', async () => {
    const { telegramId, eventId, user } = await unlockedStudent();
    fake.state.faults.block(telegramId);
    expect(await notifyOnce(worker())).toMatchObject({ sent: 0, skipped: 1 });
    expect((await row(eventId)).lastError).toMatch(
      /^blocked: 403: Forbidden: bot was blocked by the user/,
    );
    expect((await row(eventId)).skippedAt).toEqual(START);
    expect((await telegramUserRow(database, telegramId))?.blockedAt).toBeInstanceOf(Date);

    // Later unlocks for them are skipped without calling Telegram.
    await setProgress(database, user.id, 102, 5);
    const [second] = await database.db
      .insert(database.t.unlockEvents)
      .values({ userId: user.id, lessonSlug: 'variables', unlockedAt: START })
      .returning();
    for (const hours of [1, 10, 100]) await notifyOnce(worker(later(hours * 3_600_000)));
    expect(fake.state.callsOf('sendMessage')).toHaveLength(1);
    expect((await row(second!.id)).lastError).toBe('blocked: the student blocked the bot');
  });

  it('skips students without Telegram and chats that never started the bot', async () => {
    const noTelegram = await unlockedStudent({ telegram: false });
    const neverStarted = await unlockedStudent({ startedBot: false });
    expect(await notifyOnce(worker())).toMatchObject({ sent: 0, skipped: 2 });
    expect((await row(noTelegram.eventId)).lastError).toMatch(/^no_telegram/);
    expect((await row(neverStarted.eventId)).lastError).toBe(
      'undeliverable: 400: Bad Request: chat not found',
    );
    expect(fake.state.callsOf('sendMessage')).toHaveLength(1);
  });

  it('skips a lesson that was closed again or left the course', async () => {
    const { user, eventId } = await unlockedStudent();
    await database.db
      .insert(database.t.accessOverrides)
      .values({ userId: user.id, lessonSlug: 'install-python', action: 'revoke', actor: 'test' });
    const gone = await unlockedStudent({ slug: 'renamed-lesson' });
    await notifyOnce(worker());
    expect((await row(eventId)).lastError).toMatch(/^closed/);
    expect((await row(gone.eventId)).lastError).toMatch(/^lesson_gone/);
    expect(fake.state.callsOf('sendMessage')).toHaveLength(0);
  });

  it('retries other failures with growing back-off and gives up after 8 attempts', async () => {
    const { eventId } = await unlockedStudent();
    fake.state.faults.failNext(
      'sendMessage',
      100,
      apiFailure(400, 'Bad Request: something unexpected'),
    );
    let now = START;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt++) {
      expect(await notifyOnce(worker(now))).toMatchObject({ sent: 0 });
      const current = await row(eventId);
      if (attempt < 8) {
        expect(current).toMatchObject({
          attempts: attempt,
          skippedAt: null,
          lastError: '400: Bad Request: something unexpected',
        });
        delays.push(current.nextAttemptAt!.getTime() - now.getTime());
        // One millisecond early is still too early.
        expect(
          await notifyOnce(worker(new Date(current.nextAttemptAt!.getTime() - 1))),
        ).toMatchObject({ sent: 0, retryLater: 0, skipped: 0 });
        now = current.nextAttemptAt!;
      } else {
        expect(current.skippedAt).toEqual(now);
        expect(current.lastError).toBe(
          'gave_up after 8 attempts: 400: Bad Request: something unexpected',
        );
      }
    }
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000]);
    expect(fake.state.callsOf('sendMessage')).toHaveLength(8);
    await notifyOnce(worker(later(365 * 86_400_000)));
    expect(fake.state.callsOf('sendMessage')).toHaveLength(8);
  });

  it('runs as a loop until its signal aborts', async () => {
    const { eventId } = await unlockedStudent();
    const controller = new AbortController();
    const loop = runNotifier({
      ...worker(),
      now: undefined,
      intervalInMs: 10,
      signal: controller.signal,
    });
    await expect.poll(async () => (await row(eventId)).sentAt, POLL).toBeInstanceOf(Date);
    controller.abort();
    await loop;
    expect(fake.state.succeeded('sendMessage')).toHaveLength(1);
  });
});
