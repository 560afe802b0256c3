/**
 * The JSON of each fake resource, shaped like the recorded real answers in
 * ../shared/fixtures/stepik/ — including fields a client should ignore, so a client that only
 * works with the bare fields it reads fails here, not against Stepik.
 */
import type { FakeCourse, FakeLesson, FakeSection, FakeStep, FakeUnit } from './course-state.ts';
import type { FakeClass, FakeLearner, FakeStepikState } from './state.ts';

const CREATED = '2024-02-27T18:25:02Z';
const UPDATED = '2024-03-26T16:21:41.000Z';
const slug = (title: string, id: number): string =>
  `${title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '')}-${id}`;

/** `viewer`: the token's user, or null without a token. Groups are only shown to the teacher, as on Stepik. */
export function courseJson(
  state: FakeStepikState,
  course: FakeCourse,
  viewer: number | null,
): Record<string, unknown> {
  const teacher = viewer !== null && state.isTeacher(viewer);
  const lessons = state.catalog.courseLessons(course.id);
  return {
    id: course.id,
    summary: '',
    workload: '',
    cover: null,
    intro: '',
    course_format: '',
    instructors: [state.teacherId],
    description: '',
    sections: course.sectionIds,
    total_units: lessons.length,
    enrollment: viewer === null ? null : course.id,
    is_favorite: false,
    actions: teacher
      ? {
          view_grade_book_page: { enabled: true },
          view_grade_book: { enabled: false, needs_plan: 'enterprise' },
        }
      : {},
    progress: viewer === null ? null : `78-${course.id}`,
    last_step: viewer === null ? null : `78-${course.id}`,
    owner: state.teacherId,
    language: 'ru',
    is_public: true,
    title: course.title,
    slug: slug(course.title, course.id),
    learners_group: teacher ? course.id * 10 + 5 : null,
    teachers_group: teacher ? course.id * 10 + 3 : null,
    lessons_count: lessons.length,
    learners_count: [...state.learners.keys()].filter((id) => !state.isTeacher(id)).length,
    create_date: CREATED,
    update_date: UPDATED,
  };
}

export function sectionJson(section: FakeSection): Record<string, unknown> {
  return {
    id: section.id,
    course: section.courseId,
    units: section.unitIds,
    position: section.position,
    discounting_policy: 'no_discount',
    progress: `79-${section.id}`,
    actions: { test_section: '#' },
    required_section: null,
    required_percent: 100,
    is_exam: false,
    title: section.title,
    slug: slug(section.title, section.id),
    begin_date: null,
    end_date: null,
    grading_policy: 'no_deadlines',
    is_active: true,
    create_date: CREATED,
    update_date: UPDATED,
  };
}

export function unitJson(unit: FakeUnit): Record<string, unknown> {
  return {
    id: unit.id,
    section: unit.sectionId,
    lesson: unit.lessonId,
    assignments: [],
    position: unit.position,
    actions: {},
    progress: null,
    begin_date: null,
    end_date: null,
    soft_deadline: null,
    hard_deadline: null,
    grading_policy: 'no_deadlines',
    is_active: true,
    create_date: CREATED,
    update_date: UPDATED,
  };
}

export function lessonJson(state: FakeStepikState, lesson: FakeLesson): Record<string, unknown> {
  return {
    id: lesson.id,
    steps: lesson.stepIds,
    actions: { learn_lesson: '#' },
    progress: `76-${lesson.id}`,
    subscriptions: [`31-76-${lesson.id}`, `30-76-${lesson.id}`],
    viewed_by: 0,
    passed_by: 0,
    time_to_complete: null,
    is_comments_enabled: true,
    is_draft: false,
    courses: state.catalog.lessonCourseIds(lesson.id),
    units: state.catalog.lessonUnits(lesson.id).map((u) => u.id),
    owner: state.teacherId,
    language: 'ru',
    is_public: true,
    canonical_url: `https://stepik.org/lesson/${lesson.id}/`,
    title: lesson.title,
    slug: slug(lesson.title, lesson.id),
    create_date: CREATED,
    update_date: UPDATED,
  };
}

export function stepJson(step: FakeStep): Record<string, unknown> {
  return {
    id: step.id,
    lesson: step.lessonId,
    position: step.position,
    status: 'ready',
    block: {
      name: step.blockName,
      text: `<p>Шаг ${step.position}</p>`,
      video: null,
      options: {},
      subtitle_files: [],
      is_deprecated: false,
    },
    actions: { submit: '#', comment: '#' },
    progress: `77-${step.id}`,
    subscriptions: [`31-77-${step.id}`, `30-77-${step.id}`],
    instruction: null,
    viewed_by: 0,
    passed_by: 0,
    correct_ratio: null,
    worth: step.worth,
    is_enabled: true,
    needs_plan: null,
    create_date: CREATED,
    update_date: UPDATED,
    discussions_count: 0,
    discussion_proxy: `77-${step.id}-1`,
    discussion_threads: [`77-${step.id}-1`],
  };
}

export function classJson(klass: FakeClass): Record<string, unknown> {
  return {
    id: klass.id,
    course: klass.courseId,
    owner: klass.ownerId,
    title: klass.title,
    description: '',
    invitation_key: `fake${klass.id.toString(16).padStart(36, '0')}`,
    is_access_restricted: false,
    actions: { manage: false, tutor: true, assist: true },
    assistants_count: 0,
    students_count: klass.studentIds.length,
    create_date: CREATED,
    update_date: CREATED,
  };
}

/** Students of a class: the id is deterministic (class and position), as a join row would have. */
export function studentJson(
  klass: FakeClass,
  userId: number,
  index: number,
): Record<string, unknown> {
  return { id: klass.id * 1000 + index + 1, klass: klass.id, user: userId, date_joined: CREATED };
}

export function userJson(learner: FakeLearner): Record<string, unknown> {
  const full = `${learner.firstName} ${learner.lastName}`.trim();
  return {
    id: learner.id,
    profile: learner.id,
    is_private: false,
    is_active: true,
    is_guest: false,
    first_name: learner.firstName,
    last_name: learner.lastName,
    full_name: full,
    avatar: null,
    join_date: CREATED,
  };
}
