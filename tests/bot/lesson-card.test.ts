/** Lesson cards: states, buttons, deep links — and never a Boomstream code or address. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';
import {
  buildTestCourse,
  createStudent,
  mediaCodes,
  seedStepikLessons,
  setProgress,
  TEST_ORIGIN,
} from './support/course.ts';
import { buttonsOf, startHarness, textOf, type Harness } from './support/harness.ts';

const course = buildTestCourse();
const anna = { id: 5_000_000_021, first_name: 'Анна' };
const stranger = { id: 5_000_000_022, first_name: 'Гость' };

let testDb: TestDatabase;
let harness: Harness | undefined;

beforeEach(async () => {
  testDb = await createSqliteDatabase();
  await seedStepikLessons(testDb.database, course);
  const user = await createStudent(testDb.database, { telegramId: anna.id });
  await setProgress(testDb.database, user.id, 101, 5);
  await setProgress(testDb.database, user.id, 102, 3);
});

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  await testDb.dispose();
});

describe('a lesson card', () => {
  it('shows a locked lesson with "N из M шагов" and no video button', async () => {
    harness = await startHarness(testDb.database, course);
    const card = await harness.say(anna, '/start lesson_variables');
    expect(textOf(card)).toBe(
      [
        '<b>Урок 2. Переменные &amp; типы</b>',
        'Модуль 1. Первые шаги',
        '',
        'Имена, значения и типы.',
        '',
        '🔒 Видео откроется, когда вы пройдёте шаги этого урока на Stepik.',
        'Пройдено: 3 из 5 шагов.',
      ].join('\n'),
    );
    expect(buttonsOf(card)).toEqual([
      { text: 'Открыть урок', web_app: { url: `${TEST_ORIGIN}/lessons/variables` } },
      { text: 'Задачи на Stepik', url: 'https://stepik.org/lesson/102' },
      // Anna has linked Stepik (an unlinked student gets "Привязать Stepik": tests/bot/linking.test.ts).
      { text: 'Проверить снова', callback_data: 'rl:variables' },
      { text: '⬅ Назад к модулю', callback_data: 'm:0:0' },
    ]);
  });

  it('shows an open lesson with the video button (the lesson page in the Mini App)', async () => {
    harness = await startHarness(testDb.database, course);
    const card = await harness.say(anna, '/start lesson_install-python');
    expect(textOf(card)).toContain('Ставим Python 3 и проверяем &lt;версию&gt; в терминале.');
    expect(textOf(card)).toContain('✅ Видео открыто.');
    expect(
      buttonsOf(card).map((b) => [b.text, b.web_app?.url ?? b.url ?? b.callback_data]),
    ).toEqual([
      ['Открыть урок', `${TEST_ORIGIN}/lessons/install-python`],
      ['Задачи на Stepik', 'https://stepik.org/lesson/101'],
      ['Смотреть видео', `${TEST_ORIGIN}/lessons/install-python`],
      ['⬅ Назад к модулю', 'm:0:0'],
    ]);
  });

  it('says when a lesson has no video at all', async () => {
    harness = await startHarness(testDb.database, course);
    const card = await harness.say(anna, '/start lesson_about-course');
    expect(textOf(card)).toMatch(/Модуль 1\. Первые шаги\n\nК этому уроку нет видео\.$/);
    expect(buttonsOf(card).map((b) => b.text)).toEqual(['Открыть урок', '⬅ Назад к модулю']);
  });

  it('shows a stranger the lesson without a state and asks them to sign in', async () => {
    harness = await startHarness(testDb.database, course);
    const card = await harness.say(stranger, '/start lesson_install-python');
    expect(textOf(card)).toContain('Войдите через кнопку «Курс»');
    expect(textOf(card)).not.toMatch(/Видео открыто|шагов/);
    expect(buttonsOf(card).map((b) => b.text)).toEqual([
      'Открыть урок',
      'Задачи на Stepik',
      '⬅ Назад к модулю',
    ]);
  });

  it('falls back to plain links on an http origin and drops loopback links Telegram would refuse', async () => {
    harness = await startHarness(testDb.database, course, { appOrigin: 'http://course.lan:4321' });
    const card = await harness.say(anna, '/start lesson_install-python');
    expect(buttonsOf(card)[0]).toEqual({
      text: 'Открыть урок',
      url: 'http://course.lan:4321/lessons/install-python',
    });
    await harness.stop();

    harness = await startHarness(testDb.database, course, { appOrigin: 'http://localhost:4321' });
    const local = await harness.say(anna, '/start lesson_install-python');
    expect(local.reply.ok).toBe(true);
    expect(buttonsOf(local).map((b) => b.text)).toEqual(['Задачи на Stepik', '⬅ Назад к модулю']);
  });

  it('never puts a Boomstream media code or player address in anything sent to Telegram', async () => {
    harness = await startHarness(testDb.database, course);
    await harness.say(anna, '/start');
    await harness.say(anna, '/progress');
    await harness.say(stranger, '/start lesson_install-python');
    await harness.say(anna, '/course');
    for (const press of [
      'm:0:0',
      'l:install-python',
      '⬅ Назад к модулю',
      'l:variables',
      '⬅ Назад к модулю',
      'l:about-course',
      '⬅ Назад к модулю',
      '⬅ Все модули',
      'm:1:0',
      '▶',
      'l:big-lesson-10',
    ]) {
      await harness.press(anna, press);
    }
    const sent = JSON.stringify(
      harness.fake.state.calls.map((c) => [c.method, c.payload, c.reply]),
    );
    const codes = mediaCodes(course);
    expect(codes).toHaveLength(23);
    for (const code of codes) expect(sent).not.toContain(code);
    expect(sent.toLowerCase()).not.toContain('boomstream');
  });
});
