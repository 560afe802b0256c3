/**
 * Benchmark (b): the progress sync of a generated course — 1,000 learners × 300 steps — against
 * the fake Stepik answering every API request after 50 ms, into a fresh SQLite database, with
 * 10 %, 50 % and 100 % of the learners linked: requests, bytes and time of the first sync and of
 * the next one (which reads per linked student when that is cheaper).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toCourse } from '#api/course/schema.ts';
import { openDatabase } from '#api/db/client.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { createStepikClient } from '#api/stepik/client.ts';
import { runSync } from '#api/sync/run.ts';
import { generateSyntheticCourse } from '../fakes/stepik/generate.ts';
import { startFakeStepik } from '../fakes/stepik/server.ts';

const LEARNERS = 1000;
const LESSONS = 30;
const STEPS_PER_LESSON = 10;
const LATENCY_IN_MS = 50;

export async function benchSync(): Promise<void> {
  const synthetic = generateSyntheticCourse({
    learners: LEARNERS,
    lessons: LESSONS,
    stepsPerLesson: STEPS_PER_LESSON,
  });
  synthetic.state.addClient('bench-app', 'bench-secret', synthetic.state.teacherId);
  synthetic.state.faults.latencyInMs = LATENCY_IN_MS;
  const lessons = synthetic.state.catalog.courseLessons(synthetic.courseId);
  const course = toCourse({
    course: {
      title: 'Synthetic',
      stepik_course_id: synthetic.courseId,
      description: '',
      demo: false,
      lessons_without_stepik: 'open',
    },
    modules: Array.from({ length: LESSONS / 10 }, (_, m) => ({
      title: `Module ${m + 1}`,
      stepik_section_id: synthetic.courseId * 10 + m + 1,
      lessons: lessons.slice(m * 10, m * 10 + 10).map((l, i) => ({
        slug: `l-${l.id}`,
        title: `Lesson ${l.id}`,
        lesson_id: l.id,
        position: i + 1,
        videos: [{ code: `Bx${String(l.id).slice(-6)}`, title: 'видео' }],
      })),
    })),
  });
  const fake = await startFakeStepik({ state: synthetic.state });
  const steps = LESSONS * STEPS_PER_LESSON;
  const rows: string[] = [];
  try {
    for (const share of [0.1, 0.5, 1]) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-sync-'));
      const database = openDatabase(`file:${path.join(dir, 'sync.db')}`);
      try {
        await migrateDatabase(database);
        const linked = synthetic.learnerIds.slice(0, Math.round(LEARNERS * share));
        for (let i = 0; i < linked.length; i += 500) {
          await database.db
            .insert(database.t.users)
            .values(
              linked
                .slice(i, i + 500)
                .map((id) => ({ email: `l${id}@example.ru`, stepikUserId: id })),
            );
        }
        const client = createStepikClient({
          baseUrl: fake.url,
          clientId: 'bench-app',
          clientSecret: 'bench-secret',
          requestsPerSecond: 20,
        });
        const first = await runSync(database, course, client, { requestsPerSecond: 20 });
        const second = await runSync(database, course, client, { requestsPerSecond: 20 });
        const label = `${Math.round(share * 100)} % linked (${linked.length})`;
        rows.push(
          `| ${label} | first: structure + ${first.strategy} | ${first.requests} | ${(first.bytes / 1e6).toFixed(1)} MB | ${first.seconds.toFixed(1)} s | ${first.unlocked.length} |`,
        );
        rows.push(
          `| ${label} | next: ${second.strategy} | ${second.requests} | ${(second.bytes / 1e6).toFixed(2)} MB | ${second.seconds.toFixed(1)} s | ${second.unlocked.length} |`,
        );
      } finally {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    console.log(
      `${LEARNERS} learners × ${steps} steps (${LESSONS} lessons), ${LATENCY_IN_MS} ms added to every API answer, client limited to 20 requests/s.\n`,
    );
    console.log(
      '| linked here | run | requests | bytes from Stepik | wall time | lessons newly unlocked |',
    );
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const row of rows) console.log(row);
    console.log('\n| approach (stepik-api.md §5) | requests per sync |');
    console.log('| --- | --- |');
    console.log(`| A. course-grades walk | ${Math.ceil(LEARNERS / 20)} |`);
    console.log(`| A″. course-grades per linked learner | one per linked learner |`);
    console.log(
      `| B. progresses, 30 ids a request, each learner's token | ${LEARNERS * Math.ceil(steps / 30)} |`,
    );
    console.log(`| C. one progress per step | ${LEARNERS * steps} |`);
  } finally {
    await fake.close();
  }
}
