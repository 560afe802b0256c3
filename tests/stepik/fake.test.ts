/** The fake Stepik itself: real shapes, filters, grade-book quirks, the admin surface, generators. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCourseContent } from '#api/course/load.ts';
import {
  courseSpecFromContent,
  demoStepsCount,
  generateSyntheticCourse,
} from '#scripts/fakes/stepik/generate.ts';
import { buildDemoState, DEMO_LOGIN_CLIENT, DEMO_SYNC_CLIENT } from '#scripts/fakes/stepik/demo.ts';
import { startFakeStepik, type FakeStepik } from '#scripts/fakes/stepik/server.ts';
import { APP, clientFor, COURSE_ID, ROOT, startCourseFake, TEACHER_ID } from './helpers.ts';

let fake: FakeStepik;
let teacherToken: string;
beforeAll(async () => {
  fake = await startCourseFake();
  teacherToken = fake.state.issueToken(TEACHER_ID, APP.id).token;
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.state.resetProgress();
  fake.state.faults.clear();
  fake.state.pageSize = 20;
});

async function get(
  path: string,
  token: string | null = teacherToken,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${fake.url}${path}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text },
    headers: response.headers,
  };
}

describe('API shapes', () => {
  it('wraps every answer in {meta, <plural>} and adds fields a client must ignore', async () => {
    const course = await get(`/api/courses/${COURSE_ID}`);
    expect(course.body.meta).toEqual({ page: 1, has_next: false, has_previous: false });
    expect(course.body.enrollments).toEqual([]);
    const [c] = course.body.courses as Record<string, unknown>[];
    expect(c).toMatchObject({
      id: COURSE_ID,
      sections: [4101, 4102],
      progress: `78-${COURSE_ID}`,
      learners_group: expect.any(Number),
    });
    const anonymous = (await get(`/api/courses/${COURSE_ID}`, null)).body.courses as Record<
      string,
      unknown
    >[];
    expect(anonymous[0]!.learners_group).toBeNull();

    const [step] = (await get('/api/steps?ids[]=420102')).body.steps as Record<string, unknown>[];
    expect(step).toMatchObject({
      id: 420_102,
      lesson: 4201,
      position: 2,
      progress: '77-420102',
      status: 'ready',
      block: { name: expect.any(String), text: expect.any(String) },
    });
    const [lesson] = (await get('/api/lessons/4202')).body.lessons as Record<string, unknown>[];
    expect(lesson).toMatchObject({
      progress: '76-4202',
      courses: [COURSE_ID],
      units: [50_004_202],
      steps: [420_201, 420_202, 420_203, 420_204],
    });
  });

  it("404s an unknown /api/<plural>/<id> with Stepik's detail", async () => {
    expect(await get('/api/lessons/1')).toMatchObject({
      status: 404,
      body: { detail: 'Not found.' },
    });
    expect((await get('/api/nonsense')).status).toBe(404);
  });

  it('filters lessons by course and steps by lesson, and pages them', async () => {
    fake.state.pageSize = 3;
    const first = await get(`/api/lessons?course=${COURSE_ID}`);
    expect((first.body.lessons as { id: number }[]).map((l) => l.id)).toEqual([4201, 4202, 4203]);
    expect(first.body.meta).toEqual({ page: 1, has_next: true, has_previous: false });
    const second = await get(`/api/lessons?course=${COURSE_ID}&page=2`);
    expect((second.body.lessons as { id: number }[]).map((l) => l.id)).toEqual([4204]);
    expect(second.body.meta).toEqual({ page: 2, has_next: false, has_previous: true });
    expect(
      ((await get('/api/steps?lesson=4203')).body.steps as { id: number }[]).map((s) => s.id),
    ).toEqual([420_301, 420_302]);
    expect(
      ((await get('/api/units?lesson=4203')).body.units as { section: number }[]).map(
        (u) => u.section,
      ),
    ).toEqual([4102]);
  });

  it('answers an unknown or expired token with 401 even on public data', async () => {
    expect(await get(`/api/courses/${COURSE_ID}`, 'no-such-token')).toMatchObject({
      status: 401,
      body: { detail: 'Authentication credentials were not provided.' },
    });
    expect((await get(`/api/courses/${COURSE_ID}`, null)).status).toBe(200);
    expect((await get('/api/progresses?ids[]=76-4201', null)).status).toBe(401);
  });

  it('serves classes and their students to the teacher only', async () => {
    fake.state.addClass({
      id: 71,
      courseId: COURSE_ID,
      title: 'Вечерняя',
      ownerId: TEACHER_ID,
      studentIds: [503, 501],
    });
    expect((await get('/api/classes/71')).body.classes).toMatchObject([
      { id: 71, course: COURSE_ID, students_count: 2 },
    ]);
    expect((await get('/api/students?klass=71')).body.students).toMatchObject([
      { klass: 71, user: 503 },
      { klass: 71, user: 501 },
    ]);
    const learner = fake.state.issueToken(502, APP.id).token;
    expect((await get('/api/students?klass=71', learner)).status).toBe(403);
    expect((await get('/api/classes/71', learner)).status).toBe(404);
  });
});

describe('the grade book', () => {
  it('keys results "<lesson>-<position>" with the real step_id inside', async () => {
    fake.state.setStepPassed(501, 420_202, true);
    const body = (await get(`/api/course-grades?course=${COURSE_ID}&user=501`)).body;
    const [grade] = body['course-grades'] as {
      results: Record<string, { step_id: number; is_passed: boolean }>;
      score: number;
    }[];
    expect(grade!.results['4202-2']).toMatchObject({
      step_id: 420_202,
      is_passed: true,
      total_submissions: expect.any(Number),
      first_success: expect.anything(),
    });
    expect(Object.keys(grade!.results)).toHaveLength(14);
    expect(Object.keys(grade!.results).every((k) => /^\d{4}-\d$/.test(k))).toBe(true);
  });

  it('shows `results: {}` for an idle learner unless told otherwise, and leaves out omitted steps', async () => {
    const results = async (user: number) =>
      (
        (await get(`/api/course-grades?course=${COURSE_ID}&user=${user}`)).body[
          'course-grades'
        ] as { results: object }[]
      )[0]!.results;
    expect(await results(502)).toEqual({});
    fake.state.setGradeBookEntry(502, {
      emptyWhenIdle: false,
      omitStepIds: new Set([420_101, 420_401]),
    });
    const shown = await results(502);
    expect(Object.keys(shown)).toHaveLength(12);
    expect(shown).not.toHaveProperty('4201-1');
    fake.state.gradeBook.delete(502);
  });

  it('keeps the grade book from a learner (403) and from nobody (401)', async () => {
    expect(
      (
        await get(
          `/api/course-grades?course=${COURSE_ID}`,
          fake.state.issueToken(501, APP.id).token,
        )
      ).status,
    ).toBe(403);
    expect((await get(`/api/course-grades?course=${COURSE_ID}`, null)).status).toBe(401);
  });
});

describe('faults', () => {
  it('answers the next N matching requests with the fault, then normally', async () => {
    fake.state.faults.add({
      kind: 'rate-limited',
      times: 2,
      retryAfter: 7,
      pathPrefix: '/api/lessons',
    });
    expect((await get('/api/steps?ids[]=420101')).status).toBe(200);
    const limited = await get('/api/lessons/4201');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await get('/api/lessons/4201')).status).toBe(429);
    expect((await get('/api/lessons/4201')).status).toBe(200);
  });

  it('can be set over HTTP, and drops a connection without an answer', async () => {
    const set = await fetch(`${fake.url}/_fake/faults`, {
      method: 'POST',
      body: JSON.stringify({
        faults: [
          { kind: 'drop', times: 1 },
          { kind: 'server-error', status: 502 },
        ],
        latencyInMs: 0,
      }),
    });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { pending: unknown[] }).pending).toHaveLength(2);
    await expect(fetch(`${fake.url}/api/lessons/4201`)).rejects.toThrow();
    expect((await get('/api/lessons/4201')).status).toBe(502);
    expect((await get('/api/lessons/4201')).status).toBe(200);
    const bad = await fetch(`${fake.url}/_fake/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'explode' }),
    });
    expect(bad.status).toBe(400);
  });
});

describe('the admin surface', () => {
  const post = (path: string, body: unknown) =>
    fetch(`${fake.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('marks a lesson and a step passed or not (JSON), and the API shows it', async () => {
    expect((await post('/_fake/progress', { user: 503, lesson: 4203, passed: true })).status).toBe(
      200,
    );
    expect((await post('/_fake/progress', { user: 503, step: 420_101, passed: true })).status).toBe(
      200,
    );
    const state = (await (await fetch(`${fake.url}/_fake/state`)).json()) as {
      learners: { id: number; passedSteps: number[] }[];
    };
    expect(state.learners.find((l) => l.id === 503)!.passedSteps.sort()).toEqual([
      420_101, 420_301, 420_302,
    ]);
    const progresses = await clientFor(fake).client.getProgresses(
      ['76-4203'],
      fake.state.issueToken(503, APP.id).token,
    );
    expect(progresses[0]).toMatchObject({ isPassed: true, nStepsPassed: 2 });
    expect((await post('/_fake/progress', { user: 503, lesson: 4203, passed: false })).status).toBe(
      200,
    );
    expect(fake.state.stepRecord(503, 420_301)?.passed).toBe(false);
  });

  it('refuses an unknown learner or lesson with a message', async () => {
    const response = await post('/_fake/progress', { user: 999, lesson: 4203, passed: true });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'bad_request', message: 'no learner 999' });
    expect((await post('/_fake/progress', { user: 501, passed: true })).status).toBe(400);
  });

  it('serves an HTML page whose plain forms change progress and come back (303)', async () => {
    const page = await (await fetch(`${fake.url}/_fake/`)).text();
    expect(page).toContain('Анна Смирнова');
    expect(page).toContain('action="/_fake/progress"');
    const form = await fetch(`${fake.url}/_fake/progress`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'user=501&lesson=4201&passed=true',
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/_fake/');
    expect(fake.state.stepRecord(501, 420_103)?.passed).toBe(true);
    const reset = await fetch(`${fake.url}/_fake/reset`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'user=501',
    });
    expect(reset.status).toBe(303);
    expect(fake.state.progress.has(501)).toBe(false);
  });

  it('changes the page size over HTTP', async () => {
    expect((await post('/_fake/settings', { pageSize: 2 })).status).toBe(200);
    expect(fake.state.pageSize).toBe(2);
  });
});

describe('builders', () => {
  it('builds the demo course from content/ with deterministic ids, demo learners and apps', () => {
    const { course } = loadCourseContent(`${ROOT}/content`);
    const spec = courseSpecFromContent(course);
    expect(courseSpecFromContent(course)).toEqual(spec);
    const lessons = spec.modules.flatMap((m) => m.lessons);
    expect(lessons.length).toBeGreaterThan(0);
    for (const lesson of lessons) {
      expect(lesson.stepsCount).toBe(demoStepsCount(lesson.stepikLessonId));
      expect(lesson.stepsCount).toBeGreaterThanOrEqual(3);
      expect(lesson.stepsCount).toBeLessThanOrEqual(6);
    }
    const state = buildDemoState(course);
    expect(state.learners.get(700_001)).toEqual({
      id: 700_001,
      firstName: 'Демо',
      lastName: 'Студент',
    });
    expect(state.clients.get(DEMO_SYNC_CLIENT.id)).toBe(DEMO_SYNC_CLIENT.secret);
    expect(state.clients.get(DEMO_LOGIN_CLIENT.id)).toBe('demo-login-secret');
    expect(state.catalog.lessons.get(lessons[0]!.stepikLessonId)!.stepIds[0]).toBe(
      lessons[0]!.stepikLessonId * 100 + 1,
    );
  });

  it('generates a big synthetic course that the client walks page by page', async () => {
    const synthetic = generateSyntheticCourse({ learners: 1000, lessons: 30, stepsPerLesson: 10 });
    expect(synthetic.stepIds).toHaveLength(300);
    synthetic.state.addClient(APP.id, APP.secret);
    const big = await startFakeStepik({ state: synthetic.state });
    try {
      const { client } = clientFor(big);
      let empty = 0;
      let partial = 0;
      const result = await client.walkCourseGrades({ course: synthetic.courseId }, (page) => {
        for (const grade of page) {
          if (grade.results.size === 0) empty++;
          else if (grade.results.size < 300) partial++;
        }
      });
      expect(result).toEqual({ pages: 50, learners: 1000 });
      // Every 10th learner is idle, and so is one whose share of steps comes out as 0.
      const idle = Array.from({ length: 1000 }, (_, i) => i).filter(
        (i) => i % 10 === 9 || (i * 7919) % 301 === 0,
      );
      expect(empty).toBe(idle.length);
      expect(partial).toBeGreaterThan(100);
      expect(client.requestCount).toBe(51);
    } finally {
      await big.close();
    }
  });
});
