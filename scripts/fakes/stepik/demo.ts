/**
 * The fake as the demo runs it (`fake-stepik` CLI, and `npm start` without Stepik credentials):
 * the course from content/, the demo learners, a client-credentials app for the sync and the
 * OAuth app for "link Stepik".
 */
import { DEMO_STUDENT } from '#api/demo/seed.ts';
import type { Course } from '#api/course/schema.ts';
import { courseSpecFromContent } from './generate.ts';
import { startFakeStepik, type FakeStepik } from './server.ts';
import { persistProgress, readFakeStateFile, restoreProgress } from './persist.ts';
import { FakeStepikState } from './state.ts';

/** Fixed on purpose: a developer can put them in .env once. Never valid on the real Stepik. */
export const DEMO_SYNC_CLIENT = { id: 'fake-sync-app', secret: 'fake-sync-secret' } as const;
export const DEMO_LOGIN_CLIENT = { id: 'demo-login', secret: 'demo-login-secret' } as const;
export const DEMO_TEACHER_ID = 700_000;
export const DEMO_CLASS_ID = 800_001;

export const DEMO_LEARNERS = [
  {
    id: DEMO_STUDENT.stepikUserId,
    firstName: DEMO_STUDENT.firstName,
    lastName: DEMO_STUDENT.lastName,
  },
  { id: 700_002, firstName: 'Анна', lastName: 'Смирнова' },
  { id: 700_003, firstName: 'Иван', lastName: 'Петров' },
] as const;

export function buildDemoState(course: Course): FakeStepikState {
  const state = new FakeStepikState();
  state.teacherId = DEMO_TEACHER_ID;
  state.addClient(DEMO_SYNC_CLIENT.id, DEMO_SYNC_CLIENT.secret);
  state.addClient(DEMO_LOGIN_CLIENT.id, DEMO_LOGIN_CLIENT.secret);
  const fake = state.addCourse(courseSpecFromContent(course));
  for (const learner of DEMO_LEARNERS) state.addLearner({ ...learner });
  state.addClass({
    id: DEMO_CLASS_ID,
    courseId: fake.id,
    title: 'Демо-группа',
    ownerId: DEMO_TEACHER_ID,
    studentIds: DEMO_LEARNERS.map((l) => l.id),
  });
  // One lesson already passed, so the demo shows an open video next to closed ones.
  const first = state.catalog.courseLessons(fake.id)[0];
  if (first) state.setLessonPassed(DEMO_STUDENT.stepikUserId, first.id, true);
  return state;
}

export interface DemoFakeOptions {
  /** 0: the port saved in `stateFile` if it is free, else any free one. */
  port?: number;
  host?: string;
  /** Keep the learners' progress and the port here across restarts (persist.ts); none: memory only. */
  stateFile?: string;
}

export async function startDemoFakeStepik(
  course: Course,
  { port = 0, host = '127.0.0.1', stateFile }: DemoFakeOptions = {},
): Promise<FakeStepik> {
  const state = buildDemoState(course);
  const saved = stateFile ? readFakeStateFile(stateFile) : undefined;
  if (saved) restoreProgress(state, saved);
  let fake: FakeStepik;
  if (port === 0 && saved?.port) {
    // The same address as last time (bookmarks, .env, "fake-stepik mark --url"), unless taken.
    fake = await startFakeStepik({ port: saved.port, host, state }).catch(() =>
      startFakeStepik({ port: 0, host, state }),
    );
  } else {
    fake = await startFakeStepik({ port, host, state });
  }
  if (stateFile) persistProgress(state, stateFile, Number(new URL(fake.url).port));
  return fake;
}
