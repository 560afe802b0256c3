/**
 * `GET /api/progresses?ids[]=…` and `/api/progresses/<id>` (stepik-api.md §3.6–3.7): the
 * progress of the token's user only. Steps are `77-<id>`; lessons (`76-`), sections (`79-`)
 * and courses (`78-`) aggregate their steps.
 */
import type { FakeStep } from './course-state.ts';
import type { FakeStepikState } from './state.ts';

function stepsOf(state: FakeStepikState, progressId: string): FakeStep[] | null {
  const match = /^(7[6-9])-(\d+)$/.exec(progressId);
  if (!match) return null;
  const id = Number(match[2]);
  const { catalog } = state;
  switch (match[1]) {
    case '77': {
      const step = catalog.steps.get(id);
      return step ? [step] : null;
    }
    case '76':
      return catalog.lessons.has(id) ? catalog.lessonSteps(id) : null;
    case '79':
      return catalog.sections.has(id)
        ? catalog.sectionLessons(id).flatMap((l) => catalog.lessonSteps(l.id))
        : null;
    default:
      return catalog.courses.has(id) ? catalog.courseSteps(id) : null;
  }
}

/** The progress object, or null for an id the fake does not know (absent from a list answer). */
export function progressJson(
  state: FakeStepikState,
  userId: number,
  progressId: string,
): Record<string, unknown> | null {
  const steps = stepsOf(state, progressId);
  if (!steps) return null;
  const records = steps.map((s) => state.stepRecord(userId, s.id));
  const passed = records.filter((r) => r?.passed).length;
  const attempted = records.filter((r) => r && (r.passed || r.totalSubmissions > 0)).length;
  const viewed = records.map((r) => r?.lastViewed ?? 0).filter((t) => t > 0);
  return {
    id: progressId,
    last_viewed: viewed.length ? Math.max(...viewed) : null,
    score: records.reduce((sum, r) => sum + (r?.score ?? 0), 0),
    cost: steps.reduce((sum, s) => sum + s.worth, 0),
    n_steps: steps.length,
    n_steps_attempted: attempted,
    n_steps_passed: passed,
    is_attempted: attempted > 0,
    is_passed: steps.length > 0 && passed === steps.length,
    is_exam_mode: false,
  };
}
