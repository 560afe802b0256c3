/**
 * The video gate and /api/progress entries with release dates and watching, on each database:
 * 403 `not_yet` with `availableAt`, 403 `watch` with the lesson and the shares; the sync records
 * no unlock before the date, so the gate's fast path (open-record.ts) never opens one early, and
 * an unlock once recorded stays open.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { lessonOpenRecord } from '#api/access/open-record.ts';
import { loadStudentAccess, toProgressEntry } from '#api/access/student-access.ts';
import { answerVideoGate } from '#api/access/video-gate.ts';
import type { UserRow } from '#api/auth/users.ts';
import { loadConfig } from '#api/config.ts';
import { listLessons, parseCourseYaml } from '#api/course/load.ts';
import { applyProgressBatch } from '#api/sync/apply-progress.ts';
import { loadWatchedShares } from '#api/watch/shares.ts';
import { dialects, disposeAfterEach } from '../support/databases.ts';

const course = parseCourseYaml(`course: { title: Курс, stepik_course_id: 5 }
modules:
  - title: Модуль
    lessons:
      - { slug: intro, title: "Введение", lesson_id: 101, videos: [{ code: Intro001, title: "часть 1" }, { code: Intro002, title: "часть 2" }] }
      - { slug: dated, title: "По календарю", lesson_id: 102, videos: [{ code: Dated001, title: "видео" }], available_from: "2099-12-10 10:00" }
      - { slug: weekly, title: "Через неделю", lesson_id: 103, videos: [{ code: Weekl001, title: "видео" }], days_after_start: 7 }
      - { slug: watched, title: "После просмотра", lesson_id: 104, videos: [{ code: Watch001, title: "видео" }], requires: { lesson: intro, watched: 0.9 } }
`);
const [intro, dated, weekly, watchedLesson] = listLessons(course) as [
  ReturnType<typeof listLessons>[number],
  ReturnType<typeof listLessons>[number],
  ReturnType<typeof listLessons>[number],
  ReturnType<typeof listLessons>[number],
];
const config = loadConfig({});
const STEPS = (lessonId: number) => [1, 2, 3].map((n) => lessonId * 10 + n);
const DAY_IN_MS = 86_400_000;

describe.each(dialects)('the gate with dates and watching on $name', ({ create }) => {
  const fresh = disposeAfterEach();

  async function setUp(createdDaysAgo = 0) {
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
      .values({
        email: 'anna@example.ru',
        stepikUserId: 5001,
        createdAt: new Date(Date.now() - createdDaysAgo * DAY_IN_MS),
      })
      .returning();
    // Every step of every lesson passed, as the sync reports it now.
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
      new Date(),
      'stepik',
      'Europe/Moscow',
    );
    return { database, user: user as UserRow, applied };
  }

  it('answers 403 not_yet with availableAt before the date; the sync records nothing for it', async () => {
    const { database, user, applied } = await setUp();
    expect(applied.unlocked).toEqual([`${user.id}:intro`]);
    const answer = await answerVideoGate(
      database,
      config,
      course,
      user,
      String(dated.stepikLessonId),
    );
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({
      unlocked: false,
      reason: 'not_yet',
      availableAt: '2099-12-10T07:00:00.000Z',
      availableText: '10 декабря 2099 г. в 10:00 (МСК)',
      message: 'Видео откроется 10 декабря 2099 г. в 10:00 (МСК).',
      stepsPassed: 3,
      stepsTotal: 3,
      error: 'locked',
    });
    expect(JSON.stringify(answer.body)).not.toContain('Dated001');
    expect(await lessonOpenRecord(database, user.id, dated, 'stepik')).toBe('unknown');
    const entry = toProgressEntry(
      (await loadStudentAccess(database, course, user.id)).find((l) => l.lesson.slug === 'dated')!,
    );
    expect(entry).toMatchObject({
      slug: 'dated',
      unlocked: false,
      reason: 'not_yet',
      availableAt: '2099-12-10T07:00:00.000Z',
    });
    const events = await database.db.select().from(database.t.unlockEvents);
    expect(events.map((e) => e.lessonSlug)).toEqual(['intro']);
  });

  it('counts days_after_start from the account: closed a week from now, open for one made eight days ago', async () => {
    const recent = await setUp(0);
    const answer = await answerVideoGate(recent.database, config, course, recent.user, weekly.slug);
    expect(answer.status).toBe(403);
    const body = answer.body as { reason: string; availableAt: string };
    expect(body.reason).toBe('not_yet');
    const [row] = await recent.database.db
      .select({ createdAt: recent.database.t.users.createdAt })
      .from(recent.database.t.users)
      .where(eq(recent.database.t.users.id, recent.user.id));
    expect(body.availableAt).toBe(new Date(row!.createdAt.getTime() + 7 * DAY_IN_MS).toISOString());

    const older = await setUp(8);
    expect(older.applied.unlocked).toContain(`${older.user.id}:weekly`);
    // Recorded by the sync, so the fast path answers: open by record.
    expect(await lessonOpenRecord(older.database, older.user.id, weekly, 'stepik')).toBe('open');
    expect(
      (await answerVideoGate(older.database, config, course, older.user, weekly.slug)).status,
    ).toBe(200);
  });

  it('keeps an unlock recorded before a date was added: open by record, and by the full rules', async () => {
    const { database, user } = await setUp();
    await database.db
      .update(database.t.lessonProgress)
      .set({ unlockedAt: new Date('2026-01-01T00:00:00Z') })
      .where(eq(database.t.lessonProgress.lessonId, dated.stepikLessonId!));
    expect(await lessonOpenRecord(database, user.id, dated, 'stepik')).toBe('open');
    expect(
      (await loadStudentAccess(database, course, user.id)).find((l) => l.lesson.slug === 'dated')!
        .access,
    ).toMatchObject({ open: true, reason: 'unlocked' });
    expect((await answerVideoGate(database, config, course, user, dated.slug)).status).toBe(200);
  });

  it('answers 403 watch until the lesson required is watched, then opens; the shares come from watch_progress', async () => {
    const { database, user } = await setUp();
    const { db, t } = database;
    // Part 1 (100 s) watched 60 s, part 2 (80 s) 50 s: 110 of 180 s.
    await db.insert(t.watchProgress).values([
      {
        userId: user.id,
        mediaCode: 'Intro001',
        lessonSlug: intro.slug,
        intervals: [[0, 60]],
        watchedSeconds: 60,
        duration: 100,
        lastReportAt: new Date(),
      },
      {
        userId: user.id,
        mediaCode: 'Intro002',
        lessonSlug: intro.slug,
        intervals: [[0, 50]],
        watchedSeconds: 50,
        duration: 80,
        lastReportAt: new Date(),
      },
    ]);
    expect(
      (await loadWatchedShares(database, course, user.id, { standIn: false })).get(intro.slug),
    ).toBeCloseTo(110 / 180, 9);
    const closed = await answerVideoGate(
      database,
      config,
      course,
      user,
      String(watchedLesson.stepikLessonId),
    );
    expect(closed.status).toBe(403);
    expect(closed.body).toMatchObject({
      reason: 'watch',
      watch: { lesson: 'intro', title: 'Введение', required: 0.9 },
      message: 'Видео откроется, когда вы посмотрите 90\u00a0% видео урока «Введение».',
    });
    expect((closed.body as { watch: { watched: number } }).watch.watched).toBeCloseTo(110 / 180, 9);
    expect(closed.body).not.toHaveProperty('availableAt');

    await db
      .update(t.watchProgress)
      .set({ watchedSeconds: 80, intervals: [[0, 80]] })
      .where(eq(t.watchProgress.mediaCode, 'Intro002'));
    await db
      .update(t.watchProgress)
      .set({ watchedSeconds: 90, intervals: [[0, 90]] })
      .where(eq(t.watchProgress.mediaCode, 'Intro001'));
    // 170 of 180 s ≥ 90 %.
    expect((await answerVideoGate(database, config, course, user, watchedLesson.slug)).status).toBe(
      200,
    );
  });
});
