/**
 * The real recorded grade-book page (../shared/fixtures/stepik/course-grades.json: 19 learners,
 * 37 lessons, 292 steps) loaded into the fake and walked by the client over HTTP.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CourseGrade } from '#api/stepik/types.ts';
import type { FakeStepik } from '#scripts/fakes/stepik/server.ts';
import { FakeStepikState } from '#scripts/fakes/stepik/state.ts';
import { startFakeStepik } from '#scripts/fakes/stepik/server.ts';
import { APP, clientFor, FIXTURES } from './helpers.ts';

interface RecordedResult {
  step_id: number;
  is_passed: boolean;
  score: number;
}
interface RecordedGrade {
  user: number;
  course: number;
  score: number;
  results: Record<string, RecordedResult>;
}
const recorded = JSON.parse(readFileSync(path.join(FIXTURES, 'course-grades.json'), 'utf8')) as {
  'course-grades': RecordedGrade[];
};
const recordedGrades = recorded['course-grades'];
const COURSE = recordedGrades[0]!.course;

let fake: FakeStepik;
const grades: CourseGrade[] = [];
let summary: { pages: number; learners: number };

beforeAll(async () => {
  const state = new FakeStepikState();
  state.addClient(APP.id, APP.secret);
  const loaded = state.loadCourseGradesFixture(path.join(FIXTURES, 'course-grades.json'));
  expect(loaded).toEqual({ courseId: 188_376, learners: 19, lessons: 37, steps: 292 });
  fake = await startFakeStepik({ state });
  summary = await clientFor(fake).client.walkCourseGrades(
    { course: COURSE },
    (page) => void grades.push(...page),
  );
});
afterAll(() => fake?.close());

describe('the recorded grade book', () => {
  it('comes back as one page of 19 learners', () => {
    expect(summary).toEqual({ pages: 1, learners: 19 });
    expect(grades.map((g) => g.user)).toEqual(
      recordedGrades.map((g) => g.user).sort((a, b) => a - b),
    );
  });

  it('has every recorded result, indexed by step_id, with the recorded pass and score', () => {
    for (const want of recordedGrades) {
      const got = grades.find((g) => g.user === want.user)!;
      expect(got.results.size).toBe(Object.keys(want.results).length);
      for (const result of Object.values(want.results)) {
        expect(got.results.get(result.step_id)).toEqual({
          isPassed: result.is_passed,
          score: result.score,
        });
      }
    }
  });

  it('leaves the steps a learner has no entry for absent (267 of 292 for some)', () => {
    const allSteps = new Set(
      recordedGrades.flatMap((g) => Object.values(g.results).map((r) => r.step_id)),
    );
    expect(allSteps.size).toBe(292);
    const short = grades.filter((g) => g.results.size < 292);
    expect(short.map((g) => g.results.size).sort()).toEqual([267, 267, 267, 267, 267, 270]);
    for (const grade of short) {
      const missing = [...allSteps].filter((id) => !grade.results.has(id));
      expect(missing.length).toBe(292 - grade.results.size);
    }
  });

  it("has each top-level score equal to the sum of the results' scores, as recorded", () => {
    for (const grade of grades) {
      const sum = [...grade.results.values()].reduce((n, r) => n + r.score, 0);
      expect(grade.score).toBe(sum);
      expect(grade.score).toBe(recordedGrades.find((g) => g.user === grade.user)!.score);
    }
  });

  it('is served with the very keys Stepik used, stale positions included', async () => {
    const token = fake.state.issueToken(fake.state.teacherId, APP.id).token;
    const response = await fetch(`${fake.url}/api/course-grades?course=${COURSE}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const served = ((await response.json()) as { 'course-grades': RecordedGrade[] })[
      'course-grades'
    ];
    for (const want of recordedGrades) {
      const got = served.find((g) => g.user === want.user)!;
      expect(Object.keys(got.results).sort()).toEqual(Object.keys(want.results).sort());
      for (const [key, result] of Object.entries(want.results))
        expect(got.results[key]).toMatchObject(result);
    }
    // The same "<lesson>-<position>" key names different steps for different learners.
    const keyOwners = new Map<string, Set<number>>();
    for (const g of served)
      for (const [key, r] of Object.entries(g.results))
        keyOwners.set(key, (keyOwners.get(key) ?? new Set()).add(r.step_id));
    expect([...keyOwners.values()].filter((ids) => ids.size > 1).length).toBe(12);
  });

  it('walks in several pages when the page is small', async () => {
    fake.state.pageSize = 5;
    const pages: number[] = [];
    const result = await clientFor(fake).client.walkCourseGrades(
      { course: COURSE },
      (page, n) => void pages.push(n),
    );
    fake.state.pageSize = 20;
    expect(result).toEqual({ pages: 4, learners: 19 });
    expect(pages).toEqual([1, 2, 3, 4]);
  });
});

describe('the recorded class page', () => {
  it('has a learner with `results: {}`: an empty map, score 0', async () => {
    const state = new FakeStepikState();
    state.addClient(APP.id, APP.secret);
    state.loadCourseGradesFixture(
      JSON.parse(readFileSync(path.join(FIXTURES, 'course-grades-klass.json'), 'utf8')) as object,
    );
    const klass = await startFakeStepik({ state });
    try {
      const got: CourseGrade[] = [];
      await clientFor(klass).client.walkCourseGrades(
        { course: 188_376 },
        (page) => void got.push(...page),
      );
      expect(got).toEqual([{ user: 540_290_205, course: 188_376, score: 0, results: new Map() }]);
    } finally {
      await klass.close();
    }
  });
});
