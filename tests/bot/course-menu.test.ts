/** The inline menu: modules → lessons (paged) → card → back, every press answered, edits in place. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';
import {
  buildTestCourse,
  createStudent,
  seedStepikLessons,
  setProgress,
} from './support/course.ts';
import { buttonsOf, startHarness, textOf, type Harness } from './support/harness.ts';

const course = buildTestCourse();
const anna = { id: 5_000_000_011, first_name: 'Анна' };

let testDb: TestDatabase;
let harness: Harness;

beforeEach(async () => {
  testDb = await createSqliteDatabase();
  await seedStepikLessons(testDb.database, course);
  const user = await createStudent(testDb.database, { telegramId: anna.id });
  await setProgress(testDb.database, user.id, 101, 5);
  await setProgress(testDb.database, user.id, 102, 3);
  await setProgress(testDb.database, user.id, 209, 2);
  harness = await startHarness(testDb.database, course);
});

afterEach(async () => {
  await harness.stop();
  await testDb.dispose();
});

const labels = (call: Parameters<typeof buttonsOf>[0]): string[] =>
  buttonsOf(call).map((b) => b.text);

describe('the course menu', () => {
  it('goes modules → lessons → card → back to the module → all modules, editing one message', async () => {
    const menu = await harness.say(anna, '/course');
    const messageId = harness.lastMessage(anna).message_id;

    const lessons = await harness.press(anna, 'm:0:0');
    expect(lessons.method).toBe('editMessageText');
    expect(lessons.payload.message_id).toBe(messageId);
    expect(textOf(lessons)).toContain('<b>Модуль 1. Первые шаги</b>');
    expect(labels(lessons)).toEqual([
      '✅ 1. Установка Python',
      '🔒 2. Переменные & типы · 3 из 5 шагов',
      '✅ 3. О курсе',
      '⬅ Все модули',
    ]);

    const card = await harness.press(anna, '🔒 2. Переменные & типы · 3 из 5 шагов');
    expect(card.payload.message_id).toBe(messageId);
    expect(textOf(card)).toContain('Урок 2. Переменные &amp; типы');

    const back = await harness.press(anna, '⬅ Назад к модулю');
    expect(textOf(back)).toBe(textOf(lessons));

    const modules = await harness.press(anna, '⬅ Все модули');
    expect(textOf(modules)).toBe(textOf(menu));
    // One message the whole time; every press was answered exactly once.
    expect(harness.fake.state.succeeded('sendMessage')).toHaveLength(1);
    const answers = harness.fake.state.callsOf('answerCallbackQuery');
    expect(answers).toHaveLength(4);
    expect(answers.every((c) => c.reply.ok)).toBe(true);
    expect(harness.logs).toEqual([]);
  });

  it('pages a module of 20 lessons by 8 with ◀ ▶ and returns from a card to its page', async () => {
    await harness.say(anna, '/course');
    const first = await harness.press(anna, 'm:1:0');
    expect(textOf(first)).toContain('Уроки 1–8 из 20');
    expect(labels(first)).toEqual([
      ...Array.from({ length: 8 }, (_, i) => `🔒 ${i + 4}. Большой урок ${i + 1} · 0 из 5 шагов`),
      '1 / 3',
      '▶',
      '⬅ Все модули',
    ]);

    const second = await harness.press(anna, '▶');
    expect(textOf(second)).toContain('Уроки 9–16 из 20');
    expect(labels(second)).toContain('🔒 12. Большой урок 9 · 2 из 5 шагов');
    expect(labels(second).slice(-4)).toEqual(['◀', '2 / 3', '▶', '⬅ Все модули']);

    const third = await harness.press(anna, '▶');
    expect(textOf(third)).toContain('Уроки 17–20 из 20');
    expect(labels(third)).toHaveLength(4 + 3);
    expect(labels(third).slice(-3)).toEqual(['◀', '3 / 3', '⬅ Все модули']);

    const card = await harness.press(anna, 'l:big-lesson-18');
    expect(textOf(card)).toContain('Урок 21. Большой урок 18');
    const back = await harness.press(anna, '⬅ Назад к модулю');
    expect(textOf(back)).toBe(textOf(third));
  });

  it('answers the page counter and stale buttons without changing the message', async () => {
    await harness.say(anna, '/course');
    await harness.press(anna, 'm:1:0');
    const counter = await harness.pressForAnswer(anna, '1 / 3');
    expect(counter.reply.ok).toBe(true);
    expect(counter.payload.text).toBeUndefined();

    // A menu from before a content change: the module or lesson is gone.
    const update = harness.fake.state.sendCallback(anna, harness.lastMessage(anna), 'm:7:0');
    const stale = await harness.fake.state.waitForCall(
      (c) =>
        c.method === 'answerCallbackQuery' &&
        c.payload.callback_query_id === update.callback_query!.id,
    );
    expect(stale.payload.text).toBe('Эта кнопка устарела — откройте /course заново.');
    expect(harness.fake.state.callsOf('editMessageText')).toHaveLength(1);
  });

  it('keeps every callback data within 64 bytes', async () => {
    await harness.say(anna, '/course');
    for (const data of [
      'm:0:0',
      'l:install-python',
      '⬅ Назад к модулю',
      '⬅ Все модули',
      'm:1:0',
      '▶',
      '▶',
    ])
      await harness.press(anna, data);
    const datas = harness.fake.state.calls
      .flatMap((c) => buttonsOf(c))
      .flatMap((b) => (b.callback_data ? [b.callback_data] : []));
    expect(datas.length).toBeGreaterThan(20);
    for (const data of datas) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
  });
});
