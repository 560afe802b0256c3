/**
 * Why a lesson is closed, end to end over HTTP: the gate's 403 and /api/progress carry the same
 * `reason`, for each reason; the sync tells "not in the course" from "not synced since linking";
 * under COURSE_AUDIENCE=roster a stranger who passed every step is still `not_a_student`.
 */
import { eq } from 'drizzle-orm';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setOverrides } from '#api/access/overrides.ts';
import { createPasswordUser } from '#api/auth/users.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import type { Course } from '#api/course/schema.ts';
import { ru } from '#api/i18n/ru.ts';
import { addStudents, parseStudentRefs } from '#api/roster/refs.ts';
import { createStepikClient } from '#api/stepik/client.ts';
import { runSync } from '#api/sync/run.ts';
import { DEMO_SYNC_CLIENT } from '#scripts/fakes/stepik/demo.ts';
import { startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { Browserish } from '../support/browserish.ts';

const PASSWORD = '111222333';
// The demo course with rules changed: first-program is closed, variables waits for the lesson before,
// conditions opens in 2099, while-loop waits for 90 % of welcome's video.
const contentDir = mkdtempSync(path.join(tmpdir(), 'reasons-content-'));
cpSync(path.resolve(import.meta.dirname, '../../content'), contentDir, { recursive: true });
const yamlPath = path.join(contentDir, 'course.yaml');
writeFileSync(
  yamlPath,
  readFileSync(yamlPath, 'utf8')
    .replace(
      '        lesson_id: 920003\n',
      '        lesson_id: 920003\n        unlock: { rule: closed }\n',
    )
    .replace(
      '        lesson_id: 920004\n',
      '        lesson_id: 920004\n        unlock: { rule: all-steps, after_previous: true }\n',
    )
    // A release date far ahead, and a lesson that waits for the first lesson's video watched.
    .replace(
      '        lesson_id: 920005\n',
      '        lesson_id: 920005\n        available_from: "2099-12-10 10:00"\n',
    )
    .replace(
      '        lesson_id: 920006\n',
      '        lesson_id: 920006\n        requires: { lesson: welcome, watched: 0.9 }\n',
    ),
);
const { course } = loadCourseContent(contentDir);
const lesson = (slug: string) => listLessons(course).find((l) => l.slug === slug)!;
const [welcome, install] = ['welcome', 'install-python'].map(lesson) as [
  ReturnType<typeof lesson>,
  ReturnType<typeof lesson>,
];

async function student(
  s: AuthServer,
  email: string,
  stepikUserId: number | null,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const user = await createPasswordUser(s.test.database, { email, password: PASSWORD });
  if (stepikUserId !== null)
    await s.test.database.db
      .update(s.test.database.t.users)
      .set({ stepikUserId, ...extra })
      .where(eq(s.test.database.t.users.id, user.id));
  return user.id;
}

async function as(s: AuthServer, email: string): Promise<Browserish> {
  const b = new Browserish(s.server.origin);
  expect(
    (await b.fetch('/api/auth/password', { method: 'POST', json: { email, password: PASSWORD } }))
      .status,
  ).toBe(200);
  return b;
}

function sync(s: AuthServer, theCourse: Course, audience?: 'stepik' | 'roster') {
  const source = createStepikClient({
    baseUrl: s.stepik.url,
    clientId: DEMO_SYNC_CLIENT.id,
    clientSecret: DEMO_SYNC_CLIENT.secret,
    requestsPerSecond: 50,
  });
  return runSync(s.test.database, theCourse, source, { audience });
}

/** The gate's 403 and the progress entry of one lesson: the same reason in both. */
async function reasonOf(
  b: Browserish,
  l: { stepikLessonId: number | null; slug: string },
): Promise<{ gate: Record<string, unknown>; entry: Record<string, unknown> }> {
  const gate = await b.fetch(`/api/lessons/${l.stepikLessonId}/video`);
  expect(gate.status).toBe(403);
  const progress = (await (await b.fetch('/api/progress')).json()) as {
    lessons: Record<string, unknown>[];
  };
  return {
    gate: (await gate.json()) as Record<string, unknown>,
    entry: progress.lessons.find((e) => e.slug === l.slug)!,
  };
}

describe('COURSE_AUDIENCE=stepik (the default)', () => {
  let s: AuthServer;
  beforeAll(async () => {
    s = await startAuthServer({ CONTENT_DIR: contentDir });
    const anna = await student(s, 'anna@example.ru', 700_002);
    await student(s, 'nolink@example.ru', null);
    await student(s, 'outside@example.ru', 799_999);
    await student(s, 'ivan-watch@example.ru', 700_003);
    // Linked after the sync below began: that sync proves nothing about them.
    await student(s, 'late@example.ru', 799_998, {
      stepikLinkedAt: new Date(Date.now() + 3_600_000),
    });
    await setOverrides(s.test.database, {
      userId: anna,
      lessons: [install],
      action: 'revoke',
      actor: 'test',
    });
    await sync(s, course);
  });
  afterAll(async () => {
    await s?.close();
    rmSync(contentDir, { recursive: true, force: true });
  });

  it.each([
    ['steps', 'anna@example.ru', 'welcome'],
    ['revoked', 'anna@example.ru', 'install-python'],
    ['closed', 'anna@example.ru', 'first-program'],
    ['previous', 'anna@example.ru', 'variables'],
    ['stepik_not_linked', 'nolink@example.ru', 'welcome'],
    ['not_in_course', 'outside@example.ru', 'welcome'],
  ] as const)(
    '%s: in the 403 and in /api/progress, with its sentence',
    async (reason, email, slug) => {
      const { gate, entry } = await reasonOf(await as(s, email), lesson(slug));
      expect(gate).toMatchObject({
        unlocked: false,
        reason,
        error: 'locked',
        message: ru.reasons[reason].sentence,
        stepikUrl: `https://stepik.org/lesson/${lesson(slug).stepikLessonId}`,
      });
      expect(gate.stepsTotal).toEqual(expect.any(Number));
      expect(entry).toMatchObject({ unlocked: false, reason });
    },
  );

  it('not_yet: availableAt in the 403 and in /api/progress, the date in words on the cabinet', async () => {
    const anna = await as(s, 'anna@example.ru');
    const { gate, entry } = await reasonOf(anna, lesson('conditions'));
    const when = {
      availableAt: '2099-12-10T07:00:00.000Z',
      availableText: '10 декабря 2099 г. в 10:00 (МСК)',
    };
    expect(gate).toMatchObject({
      unlocked: false,
      reason: 'not_yet',
      error: 'locked',
      message: 'Видео откроется 10 декабря 2099 г. в 10:00 (МСК).',
      ...when,
    });
    expect(entry).toMatchObject({ unlocked: false, reason: 'not_yet', ...when });
    const cabinet = await (await anna.fetch('/cabinet')).text();
    expect(cabinet).toContain('откроется 10 декабря 2099 г. в 10:00 (МСК)');
  });

  it('watch: which lesson, how much is watched and needed, in the 403 and in /api/progress', async () => {
    const { gate, entry } = await reasonOf(
      await as(s, 'ivan-watch@example.ru'),
      lesson('while-loop'),
    );
    const watch = { lesson: 'welcome', title: welcome.title, watched: 0, required: 0.9 };
    expect(gate).toMatchObject({
      unlocked: false,
      reason: 'watch',
      message: `Видео откроется, когда вы посмотрите 90\u00a0% видео урока «${welcome.title}».`,
      watch,
    });
    expect(entry).toMatchObject({ unlocked: false, reason: 'watch', watch });
  });

  it('does not call a student "not in the course" before a sync since they linked', async () => {
    const { gate } = await reasonOf(await as(s, 'late@example.ru'), welcome);
    expect(gate.reason).toBe('steps');
  });

  it('leaves `reason` out of open lessons', async () => {
    s.stepik.state.setLessonPassed(700_002, welcome.stepikLessonId!, true);
    const anna = await as(s, 'anna@example.ru');
    const refreshed = await anna.fetch(`/api/lessons/${welcome.stepikLessonId}/refresh`, {
      method: 'POST',
    });
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json()).not.toHaveProperty('reason');
    const progress = (await (await anna.fetch('/api/progress')).json()) as {
      lessons: Record<string, unknown>[];
    };
    expect(progress.lessons.find((e) => e.slug === welcome.slug)).toEqual({
      lessonId: welcome.stepikLessonId,
      slug: 'welcome',
      stepsPassed: expect.any(Number),
      stepsTotal: expect.any(Number),
      unlocked: true,
      watched: 0,
    });
    expect((await anna.fetch(`/api/lessons/${welcome.stepikLessonId}/video`)).status).toBe(200);
  });

  it('"Проверить снова" after enrolling on Stepik: no longer not_in_course', async () => {
    const outside = await as(s, 'outside@example.ru');
    s.stepik.state.addLearner({ id: 799_999, firstName: 'Олег', lastName: 'Новый' });
    const refreshed = await outside.fetch(`/api/lessons/${welcome.stepikLessonId}/refresh`, {
      method: 'POST',
    });
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json()).toMatchObject({ unlocked: false, reason: 'steps' });
  });

  it('a one-student refresh that does not find them says not_in_course at once', async () => {
    await student(s, 'gone@example.ru', 799_997);
    const gone = await as(s, 'gone@example.ru');
    expect((await reasonOf(gone, welcome)).gate.reason).toBe('steps');
    const refreshed = await gone.fetch(`/api/lessons/${welcome.stepikLessonId}/refresh`, {
      method: 'POST',
    });
    expect(await refreshed.json()).toMatchObject({ unlocked: false, reason: 'not_in_course' });
  });
});

describe('COURSE_AUDIENCE=roster', () => {
  let s: AuthServer;
  const dir = mkdtempSync(path.join(tmpdir(), 'roster-content-'));
  beforeAll(async () => {
    cpSync(path.resolve(import.meta.dirname, '../../content'), dir, { recursive: true });
    s = await startAuthServer({ CONTENT_DIR: dir, COURSE_AUDIENCE: 'roster' });
    await student(s, 'stranger@example.ru', 700_003);
    await student(s, 'member@example.ru', 700_002);
    const refs = parseStudentRefs(['MEMBER@example.ru']);
    if (!refs.ok) throw new Error(refs.message);
    await addStudents(s.test.database, refs.value);
    const demo = loadCourseContent(dir).course;
    for (const learner of [700_002, 700_003])
      s.stepik.state.setLessonPassed(learner, welcome.stepikLessonId!, true);
    await sync(s, demo, 'roster');
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a stranger who passed every step still gets not_a_student, everywhere', async () => {
    const stranger = await as(s, 'stranger@example.ru');
    const { gate, entry } = await reasonOf(stranger, welcome);
    expect(gate).toMatchObject({
      unlocked: false,
      reason: 'not_a_student',
      message: ru.reasons.not_a_student.sentence,
    });
    expect(entry).toMatchObject({ unlocked: false, reason: 'not_a_student' });
    expect(gate.stepsPassed).toBe(gate.stepsTotal);
  });

  it('a student on the roster sees the video', async () => {
    const member = await as(s, 'member@example.ru');
    expect((await member.fetch(`/api/lessons/${welcome.stepikLessonId}/video`)).status).toBe(200);
  });

  it('the sync unlocked (and queued a message) only for the roster', async () => {
    const { db, t } = s.test.database;
    const rows = await db
      .select({ email: t.users.email })
      .from(t.unlockEvents)
      .innerJoin(t.users, eq(t.users.id, t.unlockEvents.userId));
    expect(rows.map((r) => r.email)).toEqual(['member@example.ru']);
  });
});
