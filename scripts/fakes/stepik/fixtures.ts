/**
 * Loads a real recorded grade-book page (`course-grades.json` in ../shared/fixtures/stepik/)
 * into the fake: its course, lessons, steps, learners and results, quirks included, so the
 * fake serves the same page back (stale keys, missing entries, `results: {}`).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { FakeStepikState } from './state.ts';

const resultSchema = z.looseObject({
  step_id: z.number().int(),
  is_passed: z.boolean(),
  first_success: z.number().int().nullable(),
  total_submissions: z.number().int(),
  score: z.number(),
});
const gradeSchema = z.looseObject({
  id: z.number().int(),
  course: z.number().int(),
  user: z.number().int(),
  results: z.record(z.string().regex(/^\d+-\d+$/), resultSchema),
  date_joined: z.string(),
  last_viewed: z.string().nullable(),
});
const pageSchema = z.looseObject({ 'course-grades': z.array(gradeSchema).min(1) });

export interface FixtureSummary {
  courseId: number;
  learners: number;
  lessons: number;
  steps: number;
}

type Grade = z.output<typeof gradeSchema>;
const parseKey = (key: string): { lessonId: number; position: number } => {
  const [lessonId, position] = key.split('-').map(Number) as [number, number];
  return { lessonId, position };
};

/**
 * A step's key as the most complete learners show it: learners who were idle when steps were
 * inserted keep older positions, so the fullest result sets have the current ones.
 */
function canonicalKeys(grades: Grade[]): Map<number, string> {
  const keys = new Map<number, string>();
  const fullestFirst = [...grades].sort(
    (a, b) => Object.keys(b.results).length - Object.keys(a.results).length,
  );
  for (const grade of fullestFirst) {
    for (const [key, result] of Object.entries(grade.results))
      if (!keys.has(result.step_id)) keys.set(result.step_id, key);
  }
  return keys;
}

export function loadCourseGradesFixture(
  state: FakeStepikState,
  source: string | object,
): FixtureSummary {
  const raw: unknown =
    typeof source === 'string' ? JSON.parse(readFileSync(source, 'utf8')) : source;
  const grades = pageSchema.parse(raw)['course-grades'];
  const courseId = grades[0]!.course;
  const keys = canonicalKeys(grades);
  const all = grades.flatMap((g) => Object.values(g.results));

  // Structure: one section holding the lessons (their order and titles are not in the page).
  const lessonIds = [...new Set([...keys.values()].map((k) => parseKey(k).lessonId))].sort(
    (a, b) => a - b,
  );
  const sectionId = courseId * 10 + 1;
  state.addCourse({
    courseId,
    title: `Recorded course ${courseId}`,
    modules: [
      {
        stepikSectionId: sectionId,
        title: 'Recorded lessons',
        lessons: lessonIds.map((id) => ({
          stepikLessonId: id,
          title: `Lesson ${id}`,
          stepsCount: 0,
        })),
      },
    ],
  });
  for (const [stepId, key] of keys) {
    const seen = all.filter((r) => r.step_id === stepId);
    const worth = Math.max(0, ...seen.map((r) => r.score));
    // Passed without a single submission everywhere: most likely theory or video.
    const theory = seen.every((r) => r.total_submissions === 0);
    state.catalog.addStep({
      id: stepId,
      ...parseKey(key),
      blockName: theory ? 'text' : 'choice',
      worth: worth || (theory ? 0 : 1),
    });
  }

  for (const grade of grades) {
    if (!state.learners.has(grade.user))
      state.addLearner({ id: grade.user, firstName: 'Learner', lastName: String(grade.user) });
    const present = new Map(
      Object.entries(grade.results).map(([key, r]) => [r.step_id, { key, r }]),
    );
    const keyOverrides = new Map<number, string>();
    for (const [stepId, { key, r }] of present) {
      if (keys.get(stepId) !== key) keyOverrides.set(stepId, key);
      // Untouched steps need no record: the grade book shows them as not passed anyway.
      if (r.is_passed || r.total_submissions > 0 || r.score > 0) {
        state.setStepRecord(grade.user, stepId, {
          passed: r.is_passed,
          score: r.score,
          firstSuccess: r.first_success,
          totalSubmissions: r.total_submissions,
          lastViewed: null,
        });
      }
    }
    const empty = present.size === 0;
    state.setGradeBookEntry(grade.user, {
      emptyWhenIdle: empty,
      // `results: {}` means "nothing done yet", not "every step missing": once active, show all.
      omitStepIds: empty ? new Set() : new Set([...keys.keys()].filter((id) => !present.has(id))),
      keyOverrides,
      gradeId: grade.id,
      dateJoined: grade.date_joined,
      lastViewed: grade.last_viewed,
    });
  }
  return { courseId, learners: grades.length, lessons: lessonIds.length, steps: keys.size };
}
