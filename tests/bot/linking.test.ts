/**
 * The bot links and leads on: "Привязать Stepik" for an unlinked student, "Проверить снова" with
 * the site's refresh and throttle (the card edited in place), and `/start link_<token>` that
 * links this Telegram account to the student who asked on the site. Over HTTP against the fake
 * Bot API and the fake Stepik.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkLinkToken, createLinkToken } from '#api/auth/link-tokens.ts';
import { findUserById } from '#api/auth/users.ts';
import { createStepikClient } from '#api/stepik/client.ts';
import { courseSpecFromContent } from '#scripts/fakes/stepik/generate.ts';
import { startFakeStepik, type FakeStepik } from '#scripts/fakes/stepik/server.ts';
import { FakeStepikState } from '#scripts/fakes/stepik/state.ts';
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

const course = buildTestCourse();
const anna = { id: 5_000_000_031, first_name: 'Анна' };
const boris = { id: 5_000_000_032, first_name: 'Борис' };
const STEPIK_ANNA = 77_001;

let testDb: TestDatabase;
let harness: Harness | undefined;
let stepik: FakeStepik | undefined;

beforeEach(async () => {
  testDb = await createSqliteDatabase();
});
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  await stepik?.close();
  stepik = undefined;
  await testDb.dispose();
});

const buttons = (call: Parameters<typeof buttonsOf>[0]) =>
  buttonsOf(call).map((b) => [b.text, b.web_app?.url ?? b.url ?? b.callback_data]);

describe('an unlinked student', () => {
  beforeEach(async () => {
    await seedStepikLessons(testDb.database, course);
    const user = await createStudent(testDb.database, { telegramId: anna.id, stepikUserId: null });
    await setProgress(testDb.database, user.id, 101, 5);
  });

  it('gets "Привязать Stepik" on a closed card and on /progress: a one-time link bound to them', async () => {
    harness = await startHarness(testDb.database, course);
    const card = await harness.say(anna, '/start lesson_variables');
    const link = buttonsOf(card).find((b) => b.text === 'Привязать Stepik');
    expect(link?.url).toMatch(new RegExp(`^${TEST_ORIGIN}/auth/stepik-link\\?token=[a-z2-7]{32}$`));
    expect(buttons(card).map(([text]) => text)).not.toContain('Проверить снова');
    const user = (await testDb.database.db.select().from(testDb.database.t.users))[0]!;
    expect(
      await checkLinkToken(
        testDb.database,
        new URL(link!.url!).searchParams.get('token')!,
        'stepik_link',
      ),
    ).toEqual({ ok: true, userId: user.id });

    const open = await harness.say(anna, '/start lesson_install-python');
    expect(buttons(open).map(([text]) => text)).not.toContain('Привязать Stepik');

    const progress = await harness.say(anna, '/progress');
    expect(buttonsOf(progress)[0]).toMatchObject({
      text: 'Привязать Stepik',
      url: expect.stringMatching(/\/auth\/stepik-link\?token=[a-z2-7]{32}$/),
    });
  });

  it('gets no link where Telegram would refuse the URL (a loopback origin)', async () => {
    harness = await startHarness(testDb.database, course, { appOrigin: 'http://localhost:4321' });
    const card = await harness.say(anna, '/start lesson_variables');
    expect(buttons(card).map(([text]) => text)).toEqual(['Задачи на Stepik', '⬅ Назад к модулю']);
  });
});

describe('"Проверить снова" on a closed lesson', () => {
  let fakeState: FakeStepikState;
  beforeEach(async () => {
    fakeState = new FakeStepikState();
    fakeState.teacherId = 700_000;
    fakeState.addClient('sync-app', 'sync-secret');
    const fakeCourse = fakeState.addCourse(courseSpecFromContent(course, () => 5));
    fakeState.addLearner({ id: STEPIK_ANNA, firstName: 'Анна', lastName: 'Тест' });
    fakeState.addClass({
      id: 800_001,
      courseId: fakeCourse.id,
      title: 'Группа',
      ownerId: 700_000,
      studentIds: [STEPIK_ANNA],
    });
    stepik = await startFakeStepik({ state: fakeState });
    const user = await createStudent(testDb.database, { telegramId: anna.id });
    await testDb.database.db
      .update(testDb.database.t.users)
      .set({ stepikUserId: STEPIK_ANNA })
      .where(eq(testDb.database.t.users.id, user.id));
    const source = createStepikClient({
      baseUrl: stepik.url,
      clientId: 'sync-app',
      clientSecret: 'sync-secret',
      requestsPerSecond: 50,
      maxRetries: 1,
    });
    harness = await startHarness(testDb.database, course, { stepik: source });
  });

  it('asks Stepik now and edits the card in place with the opened video', async () => {
    const card = await harness!.say(anna, '/start lesson_variables');
    expect(buttons(card)).toContainEqual(['Проверить снова', 'rl:variables']);
    fakeState.setLessonPassed(STEPIK_ANNA, 102, true);

    const edited = await harness!.press(anna, 'Проверить снова');
    expect(edited.method).toBe('editMessageText');
    expect(edited.payload.message_id).toBe(harness!.lastMessage(anna).message_id);
    expect(textOf(edited)).toContain('✅ Видео открыто.');
    expect(buttons(edited)).toContainEqual(['Смотреть видео', `${TEST_ORIGIN}/lessons/variables`]);
    expect(buttons(edited).map(([text]) => text)).not.toContain('Проверить снова');
  });

  it('answers "не чаще раза в 30 секунд" with the seconds left, without asking Stepik again', async () => {
    await harness!.say(anna, '/start lesson_variables');
    expect((await harness!.pressForAnswer(anna, 'Проверить снова')).payload.text).toBe(
      'Прогресс обновлён.',
    );
    const requests = fakeState.countRequests('/api/course-grades');
    const throttled = await harness!.pressForAnswer(anna, 'Проверить снова');
    const [, seconds] =
      /^Проверять можно не чаще раза в 30 секунд\. Осталось (\d+) секунд[уы]?\.$/.exec(
        String(throttled.payload.text),
      ) ?? [];
    expect(Number(seconds)).toBeGreaterThan(0);
    expect(Number(seconds)).toBeLessThanOrEqual(30);
    expect(fakeState.countRequests('/api/course-grades')).toBe(requests);
  });
});

describe('/start link_<token>', () => {
  async function siteStudent(email: string) {
    return createStudent(testDb.database, { telegramId: null, email, firstName: 'Вера' });
  }

  it('links this Telegram account to the student who made the link, once', async () => {
    const vera = await siteStudent('vera@example.ru');
    const { token } = await createLinkToken(testDb.database, vera.id, 'telegram_link');
    harness = await startHarness(testDb.database, course);
    const reply = await harness.say(anna, `/start link_${token}`);
    expect(textOf(reply)).toContain('✅ Telegram привязан к аккаунту Вера');
    expect((await findUserById(testDb.database, vera.id))?.telegramId).toBe(anna.id);
    expect((await telegramUserRow(testDb.database, anna.id))?.userId).toBe(vera.id);

    const again = await harness.say(boris, `/start link_${token}`);
    expect(textOf(again)).toContain('уже использована');
    expect((await findUserById(testDb.database, vera.id))?.telegramId).toBe(anna.id);
  });

  it('refuses a stale link, a Stepik link, and a Telegram that belongs to another student', async () => {
    const vera = await siteStudent('vera@example.ru');
    await createStudent(testDb.database, { telegramId: boris.id, email: 'boris@example.ru' });
    harness = await startHarness(testDb.database, course);

    const stale = await createLinkToken(
      testDb.database,
      vera.id,
      'telegram_link',
      new Date(Date.now() - 11 * 60_000),
    );
    expect(textOf(await harness.say(anna, `/start link_${stale.token}`))).toContain('устарела');
    const stepikLink = await createLinkToken(testDb.database, vera.id, 'stepik_link');
    expect(textOf(await harness.say(anna, `/start link_${stepikLink.token}`))).toContain(
      'не найдена',
    );
    const fresh = await createLinkToken(testDb.database, vera.id, 'telegram_link');
    expect(textOf(await harness.say(boris, `/start link_${fresh.token}`))).toContain(
      'уже привязан к другому пользователю',
    );
    expect((await findUserById(testDb.database, vera.id))?.telegramId).toBeNull();
  });
});
