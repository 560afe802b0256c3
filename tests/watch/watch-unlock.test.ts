/**
 * Watching that opens a lesson, on SQLite and PostgreSQL: the report that reaches the next
 * lesson's `watched:` records its unlock and the bot's outbox row once (record-unlocks.ts, as
 * the sync does), and says so in its answer (`opened`); a report below it, or a repeated one
 * after it, records nothing more.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { listLessons, parseCourseYaml } from '#api/course/load.ts';
import type { Database } from '#api/db/client.ts';
import { applyProgressBatch } from '#api/sync/apply-progress.ts';
import { lessonsOpenedByWatching, recordWatchReport, type WatchAnswer } from '#api/watch/report.ts';
import { watchTarget } from '#api/watch/shares.ts';
import { dialects, disposeAfterEach } from '../support/databases.ts';

const course = parseCourseYaml(`course: { title: Курс, stepik_course_id: 5 }
modules:
  - title: Модуль
    lessons:
      - { slug: intro, title: "Введение", lesson_id: 101, videos: [{ code: Intro001, title: "видео", duration: 100 }] }
      - { slug: next, title: "Дальше", lesson_id: 102, videos: [{ code: Next0001, title: "видео" }], unlock: { watched: 0.9 } }
      - { slug: then, title: "Потом", lesson_id: 103, videos: [{ code: Then0001, title: "видео" }], unlock: { after_previous: true } }
      - { slug: other, title: "Другой", lesson_id: 104, videos: [{ code: Other001, title: "видео" }] }
`);
const OFF = { boomstream: { standIn: false } } as never;
const STEPS = (lessonId: number) => [1, 2].map((n) => lessonId * 10 + n);
const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function ok(answer: WatchAnswer) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as Extract<WatchAnswer, { status: 200 }>['body'];
}

it('finds the lessons watching a lesson can open: its readers and those after them by after_previous', () => {
  const [intro, next] = listLessons(course);
  expect([...lessonsOpenedByWatching(course, intro!)]).toEqual(['next', 'then']);
  expect([...lessonsOpenedByWatching(course, next!)]).toEqual([]);
  // /admin's "не досмотрели" follows the rule: 90 % of intro, all of a lesson no rule watches.
  expect(watchTarget(course, intro!)).toBe(0.9);
  expect(watchTarget(course, next!)).toBe(1);
});

describe.each(dialects)('a watch report that opens a lesson on $name', ({ create }) => {
  const fresh = disposeAfterEach();

  async function setUp(): Promise<{ database: Database; user: { id: number } }> {
    const { database } = await fresh(create);
    const { db, t } = database;
    await db.insert(t.stepikLessons).values(
      listLessons(course).map((l) => ({
        id: l.stepikLessonId!,
        slug: l.slug,
        title: l.title,
        position: l.position,
        stepIds: STEPS(l.stepikLessonId!),
      })),
    );
    const [user] = await db
      .insert(t.users)
      .values({ email: 'anna@example.ru', stepikUserId: 5001 })
      .returning({ id: t.users.id });
    // Every step passed: the sync opens what needs steps only; `next` waits for intro's video.
    const results = new Map(
      listLessons(course).flatMap((l) =>
        STEPS(l.stepikLessonId!).map((id) => [id, { isPassed: true, score: 1 }] as const),
      ),
    );
    const applied = await applyProgressBatch(
      database,
      course,
      new Map(listLessons(course).map((l) => [l.stepikLessonId!, STEPS(l.stepikLessonId!)])),
      [{ userId: user!.id, results }],
      at(-60),
      'stepik',
      'Europe/Moscow',
      { standIn: false },
    );
    expect(applied.unlocked.sort()).toEqual([`${user!.id}:intro`, `${user!.id}:other`]);
    return { database, user: user! };
  }

  async function recorded(database: Database, userId: number) {
    const { db, t } = database;
    const events = await db
      .select({ slug: t.unlockEvents.lessonSlug, at: t.unlockEvents.unlockedAt })
      .from(t.unlockEvents)
      .where(eq(t.unlockEvents.userId, userId));
    const progress = await db
      .select({ lessonId: t.lessonProgress.lessonId, unlockedAt: t.lessonProgress.unlockedAt })
      .from(t.lessonProgress)
      .where(and(eq(t.lessonProgress.userId, userId)));
    return {
      events: events.map((e) => `${e.slug}@${e.at.toISOString()}`).sort(),
      unlocked: progress
        .filter((p) => p.unlockedAt)
        .map((p) => `${p.lessonId}@${p.unlockedAt!.toISOString()}`)
        .sort(),
    };
  }

  it('records the next lessons once when 90 % is reached, answers with them, and a repeated report adds nothing', async () => {
    const { database, user } = await setUp();
    const report = (seconds: number, to: number) =>
      recordWatchReport(
        database,
        OFF,
        course,
        user,
        'intro',
        { parts: [{ part: 0, intervals: [[0, to]], duration: 100 }] },
        { now: at(seconds) },
      );
    const before = await recorded(database, user.id);
    expect(before.events).toEqual([
      `intro@${at(-60).toISOString()}`,
      `other@${at(-60).toISOString()}`,
    ]);

    // The first report credits only the slack (5 s of 100): nothing opens.
    const first = ok(await report(0, 50));
    expect(first.watched).toBeCloseTo(0.05);
    expect(first.opened).toEqual([]);
    expect(await recorded(database, user.id)).toEqual(before);

    // 50 s later, 95 s of 100: `next` opens, and `then` after it (after_previous).
    const reached = ok(await report(50, 95));
    expect(reached.watched).toBeCloseTo(0.95);
    expect(reached.opened).toEqual(['next', 'then']);
    const after = await recorded(database, user.id);
    expect(after.events).toEqual(
      [...before.events, `next@${at(50).toISOString()}`, `then@${at(50).toISOString()}`].sort(),
    );
    expect(after.unlocked).toEqual([
      `101@${at(-60).toISOString()}`,
      `102@${at(50).toISOString()}`,
      `103@${at(50).toISOString()}`,
      `104@${at(-60).toISOString()}`,
    ]);

    // Watched to the end: already recorded, nothing more — not a second outbox row, not a new date.
    const again = ok(await report(60, 100));
    expect(again.watched).toBe(1);
    expect(again.opened).toEqual([]);
    expect(await recorded(database, user.id)).toEqual(after);
  });
});
