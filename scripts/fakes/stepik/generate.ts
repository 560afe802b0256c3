/**
 * Courses for the fake without a real Stepik: from the site's own content (course.yaml), and
 * big synthetic ones for benchmarks. Everything is deterministic: the same input gives the
 * same ids and the same progress, run after run.
 */
import type { Course } from '#api/course/schema.ts';
import type { FakeCourseSpec } from './course-state.ts';
import { FakeStepikState } from './state.ts';

/** 3–6 steps, from the lesson id: stable across runs and different between lessons. */
export const demoStepsCount = (lessonId: number): number => 3 + (lessonId % 4);

/** The Stepik side of a loaded course: lessons with a Stepik lesson_id only (others live on the site alone). */
export function courseSpecFromContent(
  course: Course,
  stepsCount: (lessonId: number) => number = demoStepsCount,
): FakeCourseSpec {
  const courseId = course.stepikCourseId ?? 900_000;
  return {
    courseId,
    title: course.title,
    modules: course.modules
      .map((module) => ({
        stepikSectionId: module.stepikSectionId ?? courseId * 100 + module.index + 1,
        title: module.title,
        lessons: module.lessons
          .filter((l): l is typeof l & { stepikLessonId: number } => l.stepikLessonId !== null)
          .map((l) => ({
            stepikLessonId: l.stepikLessonId,
            title: l.title,
            stepsCount: stepsCount(l.stepikLessonId),
          })),
      }))
      .filter((module) => module.lessons.length > 0),
  };
}

export interface SyntheticOptions {
  learners: number;
  lessons: number;
  stepsPerLesson: number;
  courseId?: number;
  /** Learner ids start here. */
  firstLearnerId?: number;
}

export interface SyntheticCourse {
  state: FakeStepikState;
  courseId: number;
  learnerIds: number[];
  stepIds: number[];
}

/**
 * E.g. 1,000 learners × 300 steps. Learner i has passed the first `(i × 7919) mod (steps + 1)`
 * steps in course order; every 10th learner has done nothing (`results: {}`), and every 7th
 * lacks the last lesson's entries in the grade book (as learners idle when it was added).
 */
export function generateSyntheticCourse(
  options: SyntheticOptions,
  state = new FakeStepikState(),
): SyntheticCourse {
  const courseId = options.courseId ?? 3_000_001;
  const firstLearnerId = options.firstLearnerId ?? 5_000_001;
  const lessonsPerSection = 10;
  const lessonIds = Array.from({ length: options.lessons }, (_, i) => courseId * 1000 + i + 1);
  state.addCourse({
    courseId,
    title: `Synthetic course ${options.learners}×${options.lessons * options.stepsPerLesson}`,
    modules: Array.from({ length: Math.ceil(options.lessons / lessonsPerSection) }, (_, m) => ({
      stepikSectionId: courseId * 10 + m + 1,
      title: `Module ${m + 1}`,
      lessons: lessonIds.slice(m * lessonsPerSection, (m + 1) * lessonsPerSection).map((id) => ({
        stepikLessonId: id,
        title: `Lesson ${id}`,
        stepsCount: options.stepsPerLesson,
      })),
    })),
  });
  const steps = state.catalog.courseSteps(courseId);
  const lastLessonSteps = new Set(state.catalog.lessonSteps(lessonIds.at(-1)!).map((s) => s.id));
  const learnerIds: number[] = [];
  for (let i = 0; i < options.learners; i++) {
    const userId = firstLearnerId + i;
    learnerIds.push(userId);
    state.addLearner({ id: userId, firstName: 'Learner', lastName: String(i + 1) });
    if (i % 10 === 9) continue;
    const done = (i * 7919) % (steps.length + 1);
    for (const step of steps.slice(0, done)) {
      state.setStepRecord(userId, step.id, {
        passed: true,
        score: step.worth,
        firstSuccess: 1,
        totalSubmissions: step.worth > 0 ? 1 : 0,
        lastViewed: 1_725_000_000 + i,
      });
    }
    if (i % 7 === 6) state.setGradeBookEntry(userId, { omitStepIds: lastLessonSteps });
  }
  return { state, courseId, learnerIds, stepIds: steps.map((s) => s.id) };
}
