/** /start, /help, /progress and the catch-all, against the fake Bot API over HTTP. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';
import {
  buildTestCourse,
  createStudent,
  seedStepikLessons,
  setProgress,
  telegramUserRow,
  TEST_ORIGIN,
} from './support/course.ts';
import { buttonsOf, startHarness, textOf, type Harness } from './support/harness.ts';
import { POLL } from '../support/waits.ts';

const course = buildTestCourse();
const anna = {
  id: 5_000_000_001,
  first_name: 'Анна',
  last_name: 'Тестова',
  username: 'anna_t',
  language_code: 'ru',
};
const stranger = { id: 5_000_000_002, first_name: 'Гость' };

let testDb: TestDatabase;
let harness: Harness;

beforeEach(async () => {
  testDb = await createSqliteDatabase();
  await seedStepikLessons(testDb.database, course);
  harness = await startHarness(testDb.database, course);
});

afterEach(async () => {
  await harness.stop();
  await testDb.dispose();
});

describe('/start', () => {
  it('shows a known student the course menu with their progress', async () => {
    const user = await createStudent(testDb.database, { telegramId: anna.id, firstName: 'Анна' });
    await setProgress(testDb.database, user.id, 101, 5);
    await setProgress(testDb.database, user.id, 102, 3);

    const reply = await harness.say(anna, '/start');

    expect(textOf(reply)).toContain('Здравствуйте, Анна!');
    expect(textOf(reply)).toContain('Открыто видео: 1 из 22 уроков.');
    expect(textOf(reply)).toContain('Python с нуля &lt;тест&gt;');
    expect(reply.payload.parse_mode).toBe('HTML');
    expect(buttonsOf(reply).map((b) => [b.text, b.callback_data])).toEqual([
      ['Модуль 1. Первые шаги · ✅ 2 из 3', 'm:0:0'],
      ['Модуль 2. Большой модуль · ✅ 0 из 20', 'm:1:0'],
    ]);
    expect(harness.logs).toEqual([]);
  });

  it('welcomes a stranger with the Mini App and shows no progress', async () => {
    const reply = await harness.say(stranger, '/start');

    expect(textOf(reply)).toContain('Здравствуйте, Гость!');
    expect(textOf(reply)).toContain('откройте курс кнопкой ниже');
    expect(textOf(reply)).not.toMatch(/Открыто видео|из \d+ шаг/);
    const [app, course] = buttonsOf(reply);
    expect(app).toEqual({
      text: 'Открыть курс и войти',
      web_app: { url: `${TEST_ORIGIN}/cabinet` },
    });
    expect(course).toMatchObject({ callback_data: 'c' });
  });

  it('knows the stranger once the Mini App signed them in (users.telegram_id set)', async () => {
    await harness.say(stranger, '/start');
    await createStudent(testDb.database, { telegramId: stranger.id, firstName: 'Гость' });
    const reply = await harness.say(stranger, '/start');
    expect(textOf(reply)).toContain('Открыто видео: 0 из 22 уроков.');
  });

  it('opens a lesson card from a deep link, and ignores a foreign payload', async () => {
    await createStudent(testDb.database, { telegramId: anna.id });
    const card = await harness.say(anna, '/start lesson_variables');
    expect(textOf(card)).toContain('<b>Урок 2. Переменные &amp; типы</b>');

    const plain = await harness.say(anna, '/start lesson_no-such-lesson');
    expect(textOf(plain)).toContain('Выберите модуль:');
    const odd = await harness.say(anna, '/start %%%');
    expect(textOf(odd)).toContain('Выберите модуль:');
  });
});

describe('who is this', () => {
  it('records the Telegram profile of every private update, linked to the account when known', async () => {
    await harness.say(stranger, '/help');
    expect(await telegramUserRow(testDb.database, stranger.id)).toMatchObject({
      firstName: 'Гость',
      userId: null,
      blockedAt: null,
    });

    const user = await createStudent(testDb.database, { telegramId: anna.id });
    await harness.say(anna, '/help');
    expect(await telegramUserRow(testDb.database, anna.id)).toMatchObject({
      firstName: 'Анна',
      lastName: 'Тестова',
      username: 'anna_t',
      languageCode: 'ru',
      userId: user.id,
    });
  });

  it('does not wipe an existing link when the account is not found', async () => {
    const user = await createStudent(testDb.database, { telegramId: null, email: 'x@example.ru' });
    await testDb.database.db
      .insert(testDb.database.t.telegramUsers)
      .values({ telegramId: stranger.id, firstName: 'Старое', userId: user.id });
    await harness.say(stranger, '/help');
    expect(await telegramUserRow(testDb.database, stranger.id)).toMatchObject({
      firstName: 'Гость',
      userId: user.id,
    });
  });

  it('clears the blocked mark on any new update, and sets it on a my_chat_member "kicked"', async () => {
    await testDb.database.db
      .insert(testDb.database.t.telegramUsers)
      .values({ telegramId: anna.id, firstName: 'Анна', blockedAt: new Date() });
    await harness.say(anna, '/help');
    expect((await telegramUserRow(testDb.database, anna.id))?.blockedAt).toBeNull();

    const from = harness.fake.state.calls.length;
    harness.fake.state.changeMembership(anna, 'kicked');
    // The update is confirmed by the next getUpdates; then the handler has run. Wait for the mark.
    await expect
      .poll(async () => (await telegramUserRow(testDb.database, anna.id))?.blockedAt, POLL)
      .toBeInstanceOf(Date);
    expect(harness.fake.state.calls.slice(from).filter((c) => c.method === 'sendMessage')).toEqual(
      [],
    );
  });
});

describe('/progress, /help and anything else', () => {
  it('/progress lists open videos per module and the next lesson', async () => {
    const user = await createStudent(testDb.database, { telegramId: anna.id });
    await setProgress(testDb.database, user.id, 101, 5);
    await setProgress(testDb.database, user.id, 102, 3);
    const reply = await harness.say(anna, '/progress');
    expect(textOf(reply)).toContain('Открыто видео: 1 из 22 уроков.');
    expect(textOf(reply)).toContain('Модуль 1. Первые шаги — 1 из 2');
    expect(textOf(reply)).toContain(
      'Следующий урок: «Переменные &amp; типы», пройдено 3 из 5 шагов.',
    );
    // Anna has linked Stepik, so no "Привязать Stepik" link comes first (tests/bot/linking.test.ts).
    expect(
      buttonsOf(reply).map(
        (b) => b.callback_data ?? b.web_app?.url ?? b.url?.replace(/token=.*/, 'token=…'),
      ),
    ).toEqual(['l:variables', 'c', `${TEST_ORIGIN}/cabinet`]);
  });

  it('/progress offers a stranger the Mini App instead', async () => {
    const reply = await harness.say(stranger, '/progress');
    expect(buttonsOf(reply)[0]).toEqual({
      text: 'Открыть курс и войти',
      web_app: { url: `${TEST_ORIGIN}/cabinet` },
    });
  });

  it('/help explains the commands; other text points to /help', async () => {
    expect(textOf(await harness.say(anna, '/help'))).toContain('/course — программа курса');
    expect(textOf(await harness.say(anna, 'привет'))).toBe(
      'Я понимаю только команды. Откройте /course или посмотрите /help.',
    );
  });
});
