/**
 * Staff hear about a failing sync in Telegram once per streak: the first failed run after a good
 * one, then nothing while it keeps failing, then "works again" once — queued by the run itself,
 * sent by the bot worker over HTTP to the fake Bot API, never twice across a restart. On SQLite
 * and (with TEST_DATABASE_URL) PostgreSQL.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCourseContent } from '#api/course/load.ts';
import { loadSyncHealth } from '#api/notify/sync-health.ts';
import { runSync } from '#api/sync/run.ts';
import { createBot } from '#bot/create-bot.ts';
import { DEFAULT_LEASE_IN_MS } from '#bot/notifier.ts';
import { notifyStaffOnce } from '#bot/staff-notifier.ts';
import {
  FAKE_BOT_TOKEN,
  startFakeTelegram,
  type FakeTelegram,
} from '#scripts/fakes/telegram/server.ts';
import { dialects, type TestDatabase } from '../support/databases.ts';
import { SourceDouble } from '../sync/source-double.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const STAFF = [5_100_000_001, 5_100_000_002];

describe.each(dialects)('sync alerts to staff ($name)', ({ create }) => {
  let test: TestDatabase;
  let fake: FakeTelegram;
  beforeEach(async () => {
    test = await create();
    fake = await startFakeTelegram();
    for (const id of STAFF) fake.state.chats.set(id, { id, first_name: 'Преподаватель' });
  });
  afterEach(async () => {
    await fake.close();
    await test.dispose();
  });

  /** A new bot worker process on the same database. */
  const worker = (now = new Date()) => ({
    bot: createBot({
      token: FAKE_BOT_TOKEN,
      apiRoot: fake.url,
      database: test.database,
      course,
      appOrigin: 'https://course.test',
      botInfo: fake.state.botUser,
      log: () => {},
    }),
    database: test.database,
    timeZone: 'Asia/Yekaterinburg',
    now: () => now,
    log: () => {},
  });

  async function sync(fails: boolean): Promise<void> {
    const source = new SourceDouble(course);
    if (fails) source.failOnPage = 1;
    // A walk of every page, whatever the grade-book strategy would pick for a course nobody linked.
    const run = runSync(test.database, course, source, {
      staffTelegramIds: STAFF,
      strategy: 'walk',
    });
    if (fails) await expect(run).rejects.toThrow('503 on page 1');
    else await run;
  }

  const alerts = () =>
    test.database.db
      .select()
      .from(test.database.t.staffAlerts)
      .orderBy(test.database.t.staffAlerts.id);
  const sentTexts = () =>
    fake.state
      .succeeded('sendMessage')
      .map((c) => `${c.payload.chat_id}: ${String(c.payload.text)}`);

  it('sends "failed" once for a streak of failures and "works again" once after, each to every staff member', async () => {
    await sync(false);
    expect(await alerts()).toEqual([]);

    await sync(true);
    await sync(true);
    await sync(true);
    expect((await alerts()).map((a) => `${a.kind}:${a.telegramId}`)).toEqual(
      STAFF.map((id) => `sync_failed:${id}`),
    );
    expect(await notifyStaffOnce(worker())).toMatchObject({ sent: 2 });
    const failed = sentTexts();
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatch(
      new RegExp(
        `^${STAFF[0]}: ⚠️ Синхронизация со Stepik не удалась \\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\(Asia/Yekaterinburg\\)\\)\\.\\nStepik answered 503 on page 1`,
      ),
    );

    // A restarted worker, long after any lease: nothing goes twice.
    expect(
      await notifyStaffOnce(worker(new Date(Date.now() + DEFAULT_LEASE_IN_MS * 3))),
    ).toMatchObject({ sent: 0 });
    await sync(true);
    expect(await notifyStaffOnce(worker())).toMatchObject({ sent: 0 });

    await sync(false);
    await sync(false);
    expect(await notifyStaffOnce(worker())).toMatchObject({ sent: 2 });
    const all = sentTexts();
    expect(all).toHaveLength(4);
    expect(all.slice(2)).toEqual(
      STAFF.map(
        (id) =>
          expect.stringMatching(
            new RegExp(`^${id}: ✅ Синхронизация со Stepik снова работает`),
          ) as unknown as string,
      ),
    );

    // A new streak is a new alert.
    await sync(true);
    expect(await notifyStaffOnce(worker())).toMatchObject({ sent: 2 });
    expect(sentTexts()).toHaveLength(6);
  });

  it('alerts on the very first run when it fails, and a student\'s "Проверить снова" never counts', async () => {
    await sync(true);
    expect((await alerts()).map((a) => a.kind)).toEqual(['sync_failed', 'sync_failed']);
    const source = new SourceDouble(course);
    await runSync(test.database, course, source, { stepikUserId: 501, staffTelegramIds: STAFF });
    expect(await alerts()).toHaveLength(2);
    expect((await loadSyncHealth(test.database)).failing).toBe(true);
  });

  it('sends nothing without STAFF_TELEGRAM_IDS, and skips a staff chat that never opened the bot', async () => {
    const source = new SourceDouble(course);
    source.failOnPage = 1;
    await expect(runSync(test.database, course, source)).rejects.toThrow();
    expect(await alerts()).toEqual([]);
    await expect(
      runSync(test.database, course, source, { staffTelegramIds: [5_100_000_009] }),
    ).rejects.toThrow();
    // The second failure is mid-streak: still nothing queued.
    expect(await alerts()).toEqual([]);
    await runSync(test.database, course, new SourceDouble(course), {
      staffTelegramIds: [5_100_000_009],
    });
    expect(await notifyStaffOnce(worker())).toMatchObject({ sent: 0, skipped: 1 });
    expect((await alerts())[0]).toMatchObject({
      kind: 'sync_recovered',
      sentAt: null,
      lastError: expect.stringContaining('undeliverable'),
    });
  });

  it('tells the banner since when the sync fails and how many runs in a row', async () => {
    await sync(false);
    expect(await loadSyncHealth(test.database)).toMatchObject({ failing: false, failures: 0 });
    await sync(true);
    await sync(true);
    const health = await loadSyncHealth(test.database);
    expect(health).toMatchObject({
      failing: true,
      failures: 2,
      lastError: 'Stepik answered 503 on page 1',
    });
    const runs = await test.database.db
      .select()
      .from(test.database.t.syncRuns)
      .orderBy(test.database.t.syncRuns.id);
    expect(health.failingSince).toEqual(runs[1]!.startedAt);
  });
});
