/** Shared set-up for the Stepik client tests: a fake Stepik on a free port and a client for it. */
import path from 'node:path';
import { createStepikClient } from '#api/stepik/client.ts';
import type { StepikClient, StepikClientOptions } from '#api/stepik/types.ts';
import type { FakeCourseSpec } from '#scripts/fakes/stepik/course-state.ts';
import { startFakeStepik, type FakeStepik } from '#scripts/fakes/stepik/server.ts';
import { FakeStepikState } from '#scripts/fakes/stepik/state.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** The recorded real responses live beside the repository, not in it. */
export const FIXTURES = path.resolve(ROOT, '../shared/fixtures/stepik');

export const APP = { id: 'sync-app', secret: 'sync-secret-Zx9' } as const;
export const TEACHER_ID = 10;
export const COURSE_ID = 4001;
export const LEARNERS = [
  { id: 501, firstName: 'Анна', lastName: 'Смирнова' },
  { id: 502, firstName: 'Борис', lastName: 'Ким' },
  { id: 503, firstName: 'Вера', lastName: 'Орлова' },
  { id: 504, firstName: 'Глеб', lastName: 'Титов' },
  { id: 505, firstName: 'Дина', lastName: 'Юсупова' },
];

/** Two modules, four lessons with 3/4/2/5 steps (step id = lesson * 100 + position). */
export const SPEC: FakeCourseSpec = {
  courseId: COURSE_ID,
  title: 'Тестовый курс',
  modules: [
    {
      stepikSectionId: 4101,
      title: 'Модуль 1',
      lessons: [
        { stepikLessonId: 4201, title: 'Урок 1', stepsCount: 3 },
        { stepikLessonId: 4202, title: 'Урок 2', stepsCount: 4 },
      ],
    },
    {
      stepikSectionId: 4102,
      title: 'Модуль 2',
      lessons: [
        { stepikLessonId: 4203, title: 'Урок 3', stepsCount: 2 },
        { stepikLessonId: 4204, title: 'Урок 4', stepsCount: 5 },
      ],
    },
  ],
};

export function courseState(): FakeStepikState {
  const state = new FakeStepikState();
  state.teacherId = TEACHER_ID;
  state.addClient(APP.id, APP.secret);
  state.addCourse(SPEC);
  for (const learner of LEARNERS) state.addLearner({ ...learner });
  return state;
}

export async function startCourseFake(state = courseState()): Promise<FakeStepik> {
  return startFakeStepik({ state });
}

export interface TestClient {
  client: StepikClient;
  /** Every wait the client asked for (rate limit and back-off), in ms; nothing really sleeps. */
  sleeps: number[];
}

/** A client that records its waits instead of sleeping; a high rate so only back-off waits show. */
export function clientFor(
  fake: FakeStepik,
  options: Partial<StepikClientOptions> = {},
): TestClient {
  const sleeps: number[] = [];
  const client = createStepikClient({
    baseUrl: fake.url,
    clientId: APP.id,
    clientSecret: APP.secret,
    requestsPerSecond: 1000,
    random: () => 0.5,
    sleep: async (ms) => void sleeps.push(ms),
    ...options,
  });
  return { client, sleeps };
}

/** Requests the fake saw on `path` (exactly), with their query strings. */
export function requestsTo(
  fake: FakeStepik,
  pathname: string,
): { search: string; headers: Record<string, unknown> }[] {
  return fake.state.requests
    .filter((r) => r.path === pathname)
    .map((r) => ({ search: r.search ?? '', headers: { ...r.headers } }));
}
