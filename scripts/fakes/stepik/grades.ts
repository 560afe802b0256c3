/**
 * `GET /api/course-grades?course=…[&user=…][&klass=…][&is_teacher=…][&page=N]` (stepik-api.md
 * §3.8): the teacher's grade book. `results` are keyed "<lesson>-<position>" with the real
 * step_id inside; learners may lack entries or have `results: {}`, as in real data.
 */
import type { FakeStep } from './course-state.ts';
import { paginate, type Page } from './envelope.ts';
import type { FakeStepikState } from './state.ts';

export function courseGradeJson(
  state: FakeStepikState,
  courseId: number,
  userId: number,
  steps: readonly FakeStep[],
): Record<string, unknown> {
  const entry = state.gradeBookEntry(userId);
  const records = state.progress.get(userId);
  const idle = !records || records.size === 0;
  const results: Record<string, unknown> = {};
  let score = 0;
  if (!(idle && entry.emptyWhenIdle)) {
    for (const step of steps) {
      if (entry.omitStepIds.has(step.id)) continue;
      const record = records?.get(step.id);
      const key = entry.keyOverrides.get(step.id) ?? `${step.lessonId}-${step.position}`;
      results[key] = {
        step_id: step.id,
        is_passed: record?.passed ?? false,
        first_success: record?.firstSuccess ?? null,
        total_submissions: record?.totalSubmissions ?? 0,
        score: record?.score ?? 0,
      };
      score += record?.score ?? 0;
    }
  }
  const lastViewedInSeconds = Math.max(
    0,
    ...[...(records?.values() ?? [])].map((r) => r.lastViewed ?? 0),
  );
  return {
    id: entry.gradeId ?? courseId * 1_000 + userId,
    course: courseId,
    user: userId,
    results,
    // Stepik's top-level score is the sum of the results' scores (checked on the recorded page).
    score,
    rank: null,
    rank_max: null,
    rank_position: null,
    users_count: null,
    is_teacher: state.isTeacher(userId),
    date_joined: entry.dateJoined ?? '2024-09-01T10:00:00Z',
    last_viewed:
      entry.lastViewed !== undefined
        ? entry.lastViewed
        : lastViewedInSeconds
          ? new Date(lastViewedInSeconds * 1000).toISOString()
          : null,
    certificate_issue_date: null,
    certificate_issue_regular_date: null,
    certificate_issue_distinction_date: null,
    certificate_update_date: null,
    certificate_url: null,
  };
}

/** One page of the grade book, learners in id order (a stable order, so pages do not overlap). */
export function courseGradesPage(
  state: FakeStepikState,
  url: URL,
  page: number,
): Page<Record<string, unknown>> {
  const q = url.searchParams;
  const courseId = Number(q.get('course'));
  const course = state.catalog.courses.get(courseId);
  if (!course) return paginate([], page, state.pageSize);
  let users = [...state.learners.keys()].filter((id) => !state.isTeacher(id));
  if (q.get('is_teacher') === 'true') users = [];
  if (q.has('user')) users = users.filter((id) => id === Number(q.get('user')));
  if (q.has('klass')) {
    const klass = state.classes.get(Number(q.get('klass')));
    const members = new Set(klass && klass.courseId === courseId ? klass.studentIds : []);
    users = users.filter((id) => members.has(id));
  }
  users.sort((a, b) => a - b);
  const slice = paginate(users, page, state.pageSize);
  const steps = state.catalog.courseSteps(courseId);
  return {
    meta: slice.meta,
    items: slice.items.map((userId) => courseGradeJson(state, courseId, userId, steps)),
  };
}
