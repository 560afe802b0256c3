/** The lesson card says why a video is closed and what to do — each reason, over the fake Bot API. */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setOverrides } from '#api/access/overrides.ts';
import { resetConfig } from '#api/config.ts';
import type { Course } from '#api/course/schema.ts';
import type { Database } from '#api/db/client.ts';
import { ru } from '#api/i18n/ru.ts';
import { addToRoster } from '#api/roster/roster.ts';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';
import {
  buildTestCourse,
  createStudent,
  seedStepikLessons,
  setProgress,
} from './support/course.ts';
import { buttonsOf, startHarness, textOf, type Harness } from './support/harness.ts';

const anna = { id: 5_000_000_031, first_name: 'Анна' };
let testDb: TestDatabase;
let harness: Harness | undefined;

beforeEach(async () => {
  testDb = await createSqliteDatabase();
});
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  await testDb.dispose();
  delete process.env.COURSE_AUDIENCE;
  resetConfig();
});

type Setup = (database: Database, course: Course) => Promise<void>;
const variables = (course: Course) => course.modules[0]!.lessons[1]!;

const cases: [string, Setup, string[]][] = [
  [
    'stepik_not_linked',
    async (db, course) => {
      await createStudent(db, { telegramId: anna.id, stepikUserId: null });
      void course;
    },
    [`🔒 ${ru.reasons.stepik_not_linked.sentence}`, ru.reasons.stepik_not_linked.hint],
  ],
  [
    'not_in_course',
    async (db) => {
      const user = await createStudent(db, { telegramId: anna.id });
      await db.db
        .update(db.t.users)
        .set({ stepikMissingSince: new Date() })
        .where(eq(db.t.users.id, user.id));
    },
    [
      `🔒 ${ru.reasons.not_in_course.sentence}`,
      ru.reasons.not_in_course.hint,
      `<a href="https://stepik.org/course/9001">${ru.reasons.not_in_course.action}</a>`,
    ],
  ],
  [
    'steps',
    async (db) => {
      const user = await createStudent(db, { telegramId: anna.id });
      await setProgress(db, user.id, 102, 3);
    },
    [`🔒 ${ru.reasons.steps.sentence}`, 'Пройдено: 3 из 5 шагов.'],
  ],
  [
    'previous',
    async (db, course) => {
      variables(course).unlock = { rule: 'all-steps', after_previous: true };
      const user = await createStudent(db, { telegramId: anna.id });
      await setProgress(db, user.id, 101, 2);
      await setProgress(db, user.id, 102, 5);
      await db.db
        .update(db.t.lessonProgress)
        .set({ unlockedAt: null })
        .where(eq(db.t.lessonProgress.userId, user.id));
    },
    [`🔒 ${ru.reasons.previous.sentence}`],
  ],
  [
    'revoked',
    async (db, course) => {
      const user = await createStudent(db, { telegramId: anna.id });
      await setProgress(db, user.id, 102, 5);
      await setOverrides(db, {
        userId: user.id,
        lessons: [variables(course)],
        action: 'revoke',
        actor: 'test',
      });
    },
    [`🔒 ${ru.reasons.revoked.sentence}`, ru.reasons.revoked.hint],
  ],
  [
    'closed',
    async (db, course) => {
      variables(course).unlock = { rule: 'closed' };
      await createStudent(db, { telegramId: anna.id });
    },
    [`🔒 ${ru.reasons.closed.sentence}`, ru.reasons.closed.hint],
  ],
  [
    'not_yet (every step passed, the date not come)',
    async (db, course) => {
      variables(course).release = {
        availableFrom: { year: 2099, month: 12, day: 10, hour: 10, minute: 0 },
        daysAfterStart: null,
      };
      const user = await createStudent(db, { telegramId: anna.id });
      await setProgress(db, user.id, 102, 5);
      await db.db
        .update(db.t.lessonProgress)
        .set({ unlockedAt: null })
        .where(eq(db.t.lessonProgress.userId, user.id));
    },
    ['🔒 Видео откроется 10 декабря 2099 г. в 10:00 (МСК).', 'Пройдено: 5 из 5 шагов.'],
  ],
  [
    'watch (64 % of the lesson before watched, 90 % needed)',
    async (db, course) => {
      variables(course).watch = [{ lesson: 'install-python', watched: 0.9 }];
      const user = await createStudent(db, { telegramId: anna.id });
      await setProgress(db, user.id, 101, 5);
      await setProgress(db, user.id, 102, 5);
      await db.db
        .update(db.t.lessonProgress)
        .set({ unlockedAt: null })
        .where(eq(db.t.lessonProgress.lessonId, 102));
      // Two parts of 100 s: all of the first and 28 s of the second, 128 of 200 s.
      await db.db.insert(db.t.watchProgress).values([
        {
          userId: user.id,
          mediaCode: 'Vd01Qx7z',
          lessonSlug: 'install-python',
          intervals: [[0, 100]],
          watchedSeconds: 100,
          duration: 100,
          lastReportAt: new Date(),
        },
        {
          userId: user.id,
          mediaCode: 'Vd02Qx7z',
          lessonSlug: 'install-python',
          intervals: [[0, 28]],
          watchedSeconds: 28,
          duration: 100,
          lastReportAt: new Date(),
        },
      ]);
    },
    [
      '🔒 Видео откроется, когда вы посмотрите 90\u00a0% видео урока «Установка Python».',
      'Посмотрено 64\u00a0%.',
    ],
  ],
  [
    'not_a_student (roster mode, every step passed)',
    async (db) => {
      process.env.COURSE_AUDIENCE = 'roster';
      resetConfig();
      const user = await createStudent(db, { telegramId: anna.id });
      await setProgress(db, user.id, 102, 5);
      await db.db
        .update(db.t.lessonProgress)
        .set({ unlockedAt: null })
        .where(eq(db.t.lessonProgress.userId, user.id));
    },
    [`🔒 ${ru.reasons.not_a_student.sentence}`, ru.reasons.not_a_student.hint],
  ],
];

describe('the lesson card of a closed lesson', () => {
  it.each(cases)('%s', async (_reason, setup, stateLines) => {
    const course = buildTestCourse();
    await seedStepikLessons(testDb.database, course);
    await setup(testDb.database, course);
    harness = await startHarness(testDb.database, course);
    const card = await harness.say(anna, '/start lesson_variables');
    const text = textOf(card);
    expect(text.split('\n\n').at(-1)).toBe(stateLines.join('\n'));
    expect(text).not.toContain('Смотреть видео');
  });

  it('roster mode: the same student on the roster sees the video', async () => {
    process.env.COURSE_AUDIENCE = 'roster';
    resetConfig();
    const course = buildTestCourse();
    await seedStepikLessons(testDb.database, course);
    const user = await createStudent(testDb.database, { telegramId: anna.id });
    await setProgress(testDb.database, user.id, 102, 5);
    await addToRoster(testDb.database.db, testDb.database.t, [user.id], 'cli');
    harness = await startHarness(testDb.database, course);
    expect(textOf(await harness.say(anna, '/start lesson_variables'))).toContain(
      '✅ Видео открыто.',
    );
  });

  it('a lesson before its release date: the date on its button and card, no "Проверить снова"', async () => {
    const course = buildTestCourse();
    variables(course).release = {
      availableFrom: { year: 2099, month: 12, day: 10, hour: 10, minute: 0 },
      daysAfterStart: null,
    };
    await seedStepikLessons(testDb.database, course);
    await createStudent(testDb.database, { telegramId: anna.id });
    harness = await startHarness(testDb.database, course);
    await harness.say(anna, '/course');
    const modules = await harness.press(anna, 'Модуль 1. Первые шаги · ✅ 1 из 3');
    expect(buttonsOf(modules).map((b) => b.text)).toContain(
      '🔒 2. Переменные & типы · откроется 10 декабря 2099 г. в 10:00 (МСК)',
    );
    const card = await harness.press(
      anna,
      '🔒 2. Переменные & типы · откроется 10 декабря 2099 г. в 10:00 (МСК)',
    );
    expect(textOf(card)).toContain('🔒 Видео откроется 10 декабря 2099 г. в 10:00 (МСК).');
    expect(buttonsOf(card).map((b) => b.text)).not.toContain(ru.bot.linking.checkAgain);
  });

  it('labels the lesson buttons with the short words of the reason', async () => {
    const course = buildTestCourse();
    await seedStepikLessons(testDb.database, course);
    await createStudent(testDb.database, { telegramId: anna.id, stepikUserId: null });
    harness = await startHarness(testDb.database, course);
    await harness.say(anna, '/course');
    const modules = await harness.press(anna, 'Модуль 1. Первые шаги · ✅ 1 из 3');
    expect(JSON.stringify(modules.payload.reply_markup)).toContain(
      `🔒 2. Переменные & типы · ${ru.reasons.stepik_not_linked.badge}`,
    );
  });
});
