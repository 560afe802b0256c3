/** The grade book walk and a learner's own progresses, over real HTTP against the fake. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StepikPermissionError, StepikUnauthorizedError } from '#api/stepik/errors.ts';
import type { CourseGrade } from '#api/stepik/types.ts';
import type { FakeStepik } from '#scripts/fakes/stepik/server.ts';
import { APP, clientFor, COURSE_ID, LEARNERS, requestsTo, startCourseFake } from './helpers.ts';

let fake: FakeStepik;
beforeAll(async () => {
  fake = await startCourseFake();
  const s = fake.state;
  s.setLessonPassed(501, 4201, true);
  s.setLessonPassed(501, 4202, true);
  s.setStepPassed(502, 420_102, true);
  s.setStepPassed(503, 420_401, true);
  // 504 has done nothing: results {}. 505 lacks the entries of lesson 4204 (joined before it existed).
  s.setStepPassed(505, 420_101, true);
  s.setGradeBookEntry(505, { omitStepIds: new Set(s.catalog.lessons.get(4204)!.stepIds) });
  s.addClass({
    id: 61,
    courseId: COURSE_ID,
    title: 'Группа 1',
    ownerId: 10,
    studentIds: [502, 504],
  });
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.state.requests.length = 0;
  fake.state.pageSize = 20;
  fake.state.faults.clear();
});

async function walk(
  query: { course: number; user?: number; klass?: number },
  client = clientFor(fake).client,
) {
  const pages: { page: number; hasNext: boolean; users: number[] }[] = [];
  const grades: CourseGrade[] = [];
  const summary = await client.walkCourseGrades(query, async (page, n, hasNext) => {
    pages.push({ page: n, hasNext, users: page.map((g) => g.user) });
    grades.push(...page);
  });
  return { pages, grades, summary };
}

describe('walkCourseGrades', () => {
  it('walks every page, calling onPage as each arrives (page size 2 → 3 pages)', async () => {
    fake.state.pageSize = 2;
    const { pages, summary, grades } = await walk({ course: COURSE_ID });
    expect(pages).toEqual([
      { page: 1, hasNext: true, users: [501, 502] },
      { page: 2, hasNext: true, users: [503, 504] },
      { page: 3, hasNext: false, users: [505] },
    ]);
    expect(summary).toEqual({ pages: 3, learners: 5 });
    expect(grades.map((g) => g.user)).toEqual(LEARNERS.map((l) => l.id));
    expect(
      requestsTo(fake, '/api/course-grades').map((r) => new URLSearchParams(r.search).get('page')),
    ).toEqual([null, '2', '3']);
  });

  it('indexes results by step id, with the scores Stepik gives', async () => {
    const { grades } = await walk({ course: COURSE_ID });
    const anna = grades.find((g) => g.user === 501)!;
    expect(anna.course).toBe(COURSE_ID);
    expect(anna.results.size).toBe(14);
    expect(anna.results.get(420_101)).toEqual({ isPassed: true, score: 0 }); // theory: worth 0
    expect(anna.results.get(420_102)).toEqual({ isPassed: true, score: 1 });
    expect(anna.results.get(420_301)).toEqual({ isPassed: false, score: 0 });
    // Keys are never "<lesson>-<position>" numbers mistaken for step ids.
    expect(anna.results.has(4201)).toBe(false);
    const sum = [...anna.results.values()].reduce((n, r) => n + r.score, 0);
    expect(anna.score).toBe(sum);
    expect(sum).toBeGreaterThan(0);
  });

  it('gives an empty map for a learner with `results: {}` and leaves out missing entries', async () => {
    const { grades } = await walk({ course: COURSE_ID });
    expect(grades.find((g) => g.user === 504)!.results.size).toBe(0);
    const dina = grades.find((g) => g.user === 505)!;
    expect(dina.results.size).toBe(9);
    expect(dina.results.has(420_401)).toBe(false);
    expect(dina.results.get(420_101)?.isPassed).toBe(true);
  });

  it('filters by user and by class', async () => {
    expect(
      (await walk({ course: COURSE_ID, user: 503 })).grades.map((g) => [
        g.user,
        g.results.get(420_401)?.isPassed,
      ]),
    ).toEqual([[503, true]]);
    const byClass = await walk({ course: COURSE_ID, klass: 61 });
    expect(byClass.grades.map((g) => g.user)).toEqual([502, 504]);
    expect(byClass.summary).toEqual({ pages: 1, learners: 2 });
    const [request] = requestsTo(fake, '/api/course-grades').slice(-1);
    expect(Object.fromEntries(new URLSearchParams(request!.search))).toEqual({
      course: String(COURSE_ID),
      klass: '61',
    });
  });

  it("is refused for a learner's token with a readable 403, not retried", async () => {
    // An application owned by learner 502: its client-credentials token acts as that learner.
    fake.state.addClient('learner-app', 'learner-secret', 502);
    const { client, sleeps } = clientFor(fake, {
      clientId: 'learner-app',
      clientSecret: 'learner-secret',
    });
    const error = await walk({ course: COURSE_ID }, client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepikPermissionError);
    expect((error as StepikPermissionError).message).toBe(
      'Stepik refused GET /api/course-grades (403): You do not have permission to perform this action.',
    );
    expect((error as StepikPermissionError).detail).toBe(
      'You do not have permission to perform this action.',
    );
    expect((error as StepikPermissionError).status).toBe(403);
    expect(requestsTo(fake, '/api/course-grades')).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("answers a learner's own token with the 403 body Stepik sends", async () => {
    const learnerToken = fake.state.issueToken(502, APP.id).token;
    const response = await fetch(`${fake.url}/api/course-grades?course=${COURSE_ID}`, {
      headers: { Authorization: `Bearer ${learnerToken}` },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      detail: 'You do not have permission to perform this action.',
    });
  });
});

describe('getProgresses', () => {
  it("returns the token user's own progress: lessons aggregate, steps one by one", async () => {
    const { client } = clientFor(fake);
    const anna = fake.state.issueToken(501, APP.id).token;
    const boris = fake.state.issueToken(502, APP.id).token;
    const asked = ['76-4201', '76-4202', '76-4203', '77-420102', '76-999'];
    const forAnna = await client.getProgresses(asked, anna);
    expect(forAnna.map((p) => [p.id, p.isPassed, p.nStepsPassed, p.nSteps])).toEqual([
      ['76-4201', true, 3, 3],
      ['76-4202', true, 4, 4],
      ['76-4203', false, 0, 2],
      ['77-420102', true, 1, 1],
    ]);
    // Lesson 4202: position 1 is theory and position 2 a video (both worth 0), so cost 2.
    expect(forAnna[1]).toMatchObject({ score: 2, cost: 2 });
    expect(typeof forAnna[0]!.lastViewed).toBe('number');
    const forBoris = await client.getProgresses(asked, boris);
    expect(forBoris.map((p) => [p.id, p.isPassed, p.nStepsPassed])).toEqual([
      ['76-4201', false, 1],
      ['76-4202', false, 0],
      ['76-4203', false, 0],
      ['77-420102', true, 1],
    ]);
    const sent = requestsTo(fake, '/api/progresses');
    expect(
      sent.every(
        (r) =>
          r.headers.authorization === `Bearer ${anna}` ||
          r.headers.authorization === `Bearer ${boris}`,
      ),
    ).toBe(true);
  });

  it('batches progress ids by 30', async () => {
    const { client } = clientFor(fake);
    const anna = fake.state.issueToken(501, APP.id).token;
    const ids = Array.from({ length: 40 }, (_, i) => `77-${420_101 + i}`);
    const found = await client.getProgresses(ids, anna);
    expect(found.map((p) => p.id)).toEqual(['77-420101', '77-420102', '77-420103']);
    expect(requestsTo(fake, '/api/progresses')).toHaveLength(2);
  });

  it("does not try to renew a learner's token: a 401 is a clear error", async () => {
    const { client } = clientFor(fake);
    const error = await client.getProgresses(['76-4201'], 'not-a-token').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepikUnauthorizedError);
    expect((error as Error).message).toMatch(
      /GET \/api\/progresses refused the learner's access token \(401\)/,
    );
    expect((error as Error).message).not.toContain('not-a-token');
    expect(requestsTo(fake, '/oauth2/token/')).toHaveLength(0);
  });
});
