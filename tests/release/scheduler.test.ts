/**
 * The release scheduler with a fake clock: each (student, lesson) whose release date comes is
 * recorded open once and its message sent once — across passes, a restart and two passes at
 * once — calendar dates in the course time zone, `days_after_start` from the roster date or the
 * account, nothing before the date; on SQLite and (with TEST_DATABASE_URL) PostgreSQL.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '#api/db/client.ts';
import { listLessons, parseCourseYaml } from '#api/course/load.ts';
import { loadStudentAccess } from '#api/access/student-access.ts';
import { releaseDueLessons, RELEASE_MARK } from '#api/release/scheduler.ts';
import { createBot } from '#bot/create-bot.ts';
import { notifyOnce } from '#bot/notifier.ts';
import { runReleaseLoop } from '#bot/release-loop.ts';
import { SendRate } from '#bot/send-rate.ts';
import {
  FAKE_BOT_TOKEN,
  startFakeTelegram,
  type FakeTelegram,
} from '#scripts/fakes/telegram/server.ts';
import { dialects, type TestDatabase } from '../support/databases.ts';

const course = parseCourseYaml(`course: { title: Курс, stepik_course_id: 5 }
modules:
  - title: Модуль
    lessons:
      - { slug: plain, title: "Без даты", lesson_id: 103, videos: [{ code: Plain001, title: "видео" }] }
      - { slug: dated, title: "Десятое января", lesson_id: 101, videos: [{ code: Dated001, title: "видео" }], available_from: "2030-01-10 10:00" }
      - { slug: bonus, title: "Бонус", videos: [{ code: Bonus001, title: "видео" }], available_from: "2030-01-10 10:00" }
      - { slug: weekly, title: "Через неделю", lesson_id: 102, videos: [{ code: Weekl001, title: "видео" }], days_after_start: 7, unlock: { rule: open } }
`);
const STEPS: Record<number, number[]> = { 101: [1011, 1012], 102: [1021], 103: [1031] };
const at = (iso: string) => new Date(iso);
const options = (now: Date) => ({ now, timeZone: 'Europe/Moscow', audience: 'stepik' as const });
/** 10:00 МСК on 10 January 2030. */
const RELEASE = at('2030-01-10T07:00:00Z');

describe.each(dialects)('the release scheduler ($name)', ({ create }) => {
  let testDb: TestDatabase;
  let database: Database;
  let fake: FakeTelegram;
  const ids: Record<string, number> = {};

  beforeEach(async () => {
    testDb = await create();
    database = testDb.database;
    const { db, t } = database;
    await db.insert(t.stepikLessons).values(
      listLessons(course)
        .filter((l) => l.stepikLessonId)
        .map((l) => ({
          id: l.stepikLessonId!,
          slug: l.slug,
          title: l.title,
          position: l.position,
          stepIds: STEPS[l.stepikLessonId!]!,
        })),
    );
    const student = async (name: string, createdAt: Date, telegramId: number | null) => {
      const [user] = await db
        .insert(t.users)
        .values({ email: `${name}@example.ru`, stepikUserId: telegramId, telegramId, createdAt })
        .returning();
      ids[name] = user!.id;
    };
    // anna: every step of "dated" passed long ago; her week ends on 7 January.
    await student('anna', at('2029-12-31T00:00:00Z'), 6_000_000_001);
    await db.insert(t.lessonProgress).values({
      userId: ids.anna!,
      lessonId: 101,
      stepsPassed: 2,
      stepsTotal: 2,
      passedStepIds: STEPS[101]!,
      score: 2,
    });
    // boris: no steps passed; his week ends on 12 January at noon.
    await student('boris', at('2030-01-05T12:00:00Z'), 6_000_000_002);
    // vera: an account since December, on the roster from 8 January: her week counts from the roster.
    await student('vera', at('2029-12-01T00:00:00Z'), null);
    await db
      .insert(t.courseRoster)
      .values({ userId: ids.vera!, source: 'cli', addedAt: at('2030-01-08T00:00:00Z') });
    fake = await startFakeTelegram();
    // Both with Telegram have started the bot.
    for (const [id, name] of [
      [6_000_000_001, 'anna'],
      [6_000_000_002, 'boris'],
    ] as const)
      fake.state.chats.set(id, { id, first_name: name });
  });

  afterEach(async () => {
    await fake.close();
    await testDb.dispose();
  });

  const events = async () =>
    (await database.db.select().from(database.t.unlockEvents))
      .map((e) => `${Object.keys(ids).find((k) => ids[k] === e.userId)}:${e.lessonSlug}`)
      .sort();
  const pass = async (iso: string) =>
    (await releaseDueLessons(database, course, options(at(iso)))).unlocked
      .map(
        (u) =>
          `${Object.keys(ids).find((k) => ids[k] === Number(u.split(':')[0]))}:${u.split(':')[1]}`,
      )
      .sort();

  it('records each lesson once, when its date comes, and never before', async () => {
    // The first pass only sets the mark: what was already due stays for the sync.
    expect(
      await releaseDueLessons(database, course, options(at('2030-01-01T00:00:00Z'))),
    ).toMatchObject({ since: null, unlocked: [] });
    // anna's week (31 Dec + 7 days) came in this window; the calendar date not yet (06:59 UTC is 09:59 МСК).
    expect(await pass('2030-01-10T06:59:00Z')).toEqual(['anna:weekly']);
    const anna = await loadStudentAccess(database, course, ids.anna!, undefined, {
      now: at('2030-01-10T06:59:59Z'),
      audience: 'stepik',
      timeZone: 'Europe/Moscow',
    });
    expect(anna.find((l) => l.lesson.slug === 'dated')!.access).toMatchObject({
      open: false,
      reason: 'not_yet',
      availableAt: RELEASE,
    });
    // 10:00 МСК: everyone's bonus (no Stepik, open by date alone); "dated" only for anna, who passed its steps.
    expect(await pass('2030-01-10T07:00:00Z')).toEqual([
      'anna:bonus',
      'anna:dated',
      'boris:bonus',
      'vera:bonus',
    ]);
    const [progress] = await database.db
      .select()
      .from(database.t.lessonProgress)
      .where(eq(database.t.lessonProgress.lessonId, 101));
    expect(progress!.unlockedAt).toEqual(RELEASE);
    // The same moment again, and a restart (a new pass on the same database): nothing twice.
    expect(await pass('2030-01-10T07:00:00Z')).toEqual([]);
    expect(await pass('2030-01-10T07:01:00Z')).toEqual([]);
    expect(await pass('2030-01-12T11:59:00Z')).toEqual([]);
    expect(await pass('2030-01-12T12:00:00Z')).toEqual(['boris:weekly']);
    // vera's week counts from the roster (8 Jan), not her account (1 Dec).
    expect(await pass('2030-01-14T23:59:00Z')).toEqual([]);
    expect(await pass('2030-01-20T00:00:00Z')).toEqual(['vera:weekly']);
    expect(await events()).toEqual([
      'anna:bonus',
      'anna:dated',
      'anna:weekly',
      'boris:bonus',
      'boris:weekly',
      'vera:bonus',
      'vera:weekly',
    ]);
    const [mark] = await database.db
      .select()
      .from(database.t.scheduleMarks)
      .where(eq(database.t.scheduleMarks.name, RELEASE_MARK));
    expect(mark!.at).toEqual(at('2030-01-20T00:00:00Z'));
  });

  it('sends each message once across two workers and a restart', async () => {
    await releaseDueLessons(database, course, options(at('2030-01-09T00:00:00Z')));
    // Two passes at once over the same window.
    const [first, second] = await Promise.all([
      releaseDueLessons(database, course, options(RELEASE)),
      releaseDueLessons(database, course, options(RELEASE)),
    ]);
    // anna's week ended before the first pass: not in a window of its own, but open by the rules
    // when her students' lessons are computed, so recorded with them (as the sync would).
    const expected = ['anna:bonus', 'anna:dated', 'anna:weekly', 'boris:bonus', 'vera:bonus'];
    expect(
      [...first.unlocked, ...second.unlocked]
        .map(
          (u) =>
            `${Object.keys(ids).find((k) => ids[k] === Number(u.split(':')[0]))}:${u.split(':')[1]}`,
        )
        .sort(),
    ).toEqual(expected);
    expect(await events()).toEqual(expected);
    const worker = () => ({
      bot: createBot({
        token: FAKE_BOT_TOKEN,
        apiRoot: fake.url,
        database,
        course,
        appOrigin: 'https://course.test',
        botInfo: fake.state.botUser,
        log: () => {},
      }),
      database,
      course,
      appOrigin: 'https://course.test',
      now: () => at('2030-01-10T07:01:00Z'),
      rate: new SendRate({ perChatIntervalInMs: 0, ratePerSecond: 1000, burst: 100 }),
      log: () => {},
    });
    // vera has no Telegram: skipped, not sent.
    expect(await notifyOnce(worker())).toMatchObject({ sent: 4, skipped: 1 });
    await releaseDueLessons(database, course, options(at('2030-01-10T08:00:00Z')));
    expect(await notifyOnce(worker())).toMatchObject({ sent: 0, skipped: 0 });
    const texts = fake.state
      .succeeded('sendMessage')
      .map((c) => `${c.payload.chat_id}:${String(c.payload.text)}`)
      .sort();
    expect(texts).toEqual([
      '6000000001:🎬 Видео к уроку «Бонус» открыто',
      '6000000001:🎬 Видео к уроку «Десятое января» открыто',
      '6000000001:🎬 Видео к уроку «Через неделю» открыто',
      '6000000002:🎬 Видео к уроку «Бонус» открыто',
    ]);
  });

  it('runs in the bot worker every interval, with its own clock', async () => {
    let clock = at('2030-01-10T06:00:00Z');
    const controller = new AbortController();
    const loop = runReleaseLoop({
      database,
      course,
      timeZone: 'Europe/Moscow',
      audience: 'stepik',
      intervalInMs: 1,
      signal: controller.signal,
      log: () => {},
      now: () => {
        clock = new Date(clock.getTime() + 10 * 60_000);
        if (clock > at('2030-01-10T08:00:00Z')) controller.abort();
        return clock;
      },
    });
    await loop;
    expect(await events()).toEqual([
      'anna:bonus',
      'anna:dated',
      'anna:weekly',
      'boris:bonus',
      'vera:bonus',
    ]);
  });
});
