/**
 * Benchmark (b): the progress sync of a generated course — 1,000 learners × 300 steps — against
 * the fake Stepik answering every API request after 50 ms, into a fresh SQLite database, with
 * every learner linked. Compared with the request counts of the per-learner approaches.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toCourse } from '../../api/course/schema.ts';
import { openDatabase } from '../../api/db/client.ts';
import { migrateDatabase } from '../../api/db/migrate.ts';
import { createStepikClient } from '../../api/stepik/client.ts';
import { runSync } from '../../api/sync/run.ts';
import { generateSyntheticCourse } from '../fakes/stepik/generate.ts';
import { startFakeStepik } from '../fakes/stepik/server.ts';

const LEARNERS = 1000;
const LESSONS = 30;
const STEPS_PER_LESSON = 10;
const LATENCY_IN_MS = 50;

export async function benchSync(): Promise<void> {
  const synthetic = generateSyntheticCourse({ learners: LEARNERS, lessons: LESSONS, stepsPerLesson: STEPS_PER_LESSON });
  synthetic.state.addClient('bench-app', 'bench-secret', synthetic.state.teacherId);
  synthetic.state.faults.latencyInMs = LATENCY_IN_MS;
  const lessons = synthetic.state.catalog.courseLessons(synthetic.courseId);
  const course = toCourse({
    course: { title: 'Synthetic', stepik_course_id: synthetic.courseId, description: '', demo: false, lessons_without_stepik: 'open' },
    modules: Array.from({ length: LESSONS / 10 }, (_, m) => ({
      title: `Module ${m + 1}`,
      stepik_section_id: synthetic.courseId * 10 + m + 1,
      lessons: lessons.slice(m * 10, m * 10 + 10).map((l, i) => ({ slug: `l-${l.id}`, title: `Lesson ${l.id}`, lesson_id: l.id, position: i + 1, videos: [{ code: `Bx${String(l.id).slice(-6)}`, title: 'видео' }] })),
    })),
  });
  const fake = await startFakeStepik({ state: synthetic.state });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-sync-'));
  const database = openDatabase(`file:${path.join(dir, 'sync.db')}`);
  try {
    await migrateDatabase(database);
    for (let i = 0; i < synthetic.learnerIds.length; i += 500) {
      await database.db.insert(database.t.users).values(synthetic.learnerIds.slice(i, i + 500).map((id) => ({ email: `l${id}@example.ru`, stepikUserId: id })));
    }
    const client = createStepikClient({ baseUrl: fake.url, clientId: 'bench-app', clientSecret: 'bench-secret', requestsPerSecond: 20 });
    const first = await runSync(database, course, client);
    const second = await runSync(database, course, client);
    const steps = LESSONS * STEPS_PER_LESSON;
    console.log(`${LEARNERS} learners × ${steps} steps (${LESSONS} lessons), ${LATENCY_IN_MS} ms added to every API answer, client limited to 20 requests/s.\n`);
    console.log('| run | requests | wall time | lessons newly unlocked |');
    console.log('| --- | --- | --- | --- |');
    console.log(`| first sync (structure + grade book) | ${first.requests} | ${first.seconds.toFixed(1)} s | ${first.unlocked.length} |`);
    console.log(`| second sync (grade book only, nothing new) | ${second.requests} | ${second.seconds.toFixed(1)} s | ${second.unlocked.length} |`);
    console.log('\n| approach (stepik-api.md §5) | requests per sync |');
    console.log('| --- | --- |');
    console.log(`| A. course-grades walk (this sync) | ${second.requests} |`);
    console.log(`| A″. course-grades per learner | ${LEARNERS} |`);
    console.log(`| B. progresses, 30 ids a request, each learner's token | ${LEARNERS * Math.ceil(steps / 30)} |`);
    console.log(`| C. one progress per step | ${LEARNERS * steps} |`);
  } finally {
    await database.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
