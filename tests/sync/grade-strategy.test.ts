/**
 * The sync reads the grade book the cheaper way, against the fake Stepik over HTTP with the real
 * client: the first run walks every page (and learns the grade book's size); with few students
 * linked the next asks for each of them alone — a fraction of the bytes, the same progress —
 * and still finds who is missing from the course.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCourse, type Course } from '#api/course/schema.ts';
import { createStepikClient } from '#api/stepik/client.ts';
import { runSync } from '#api/sync/run.ts';
import { generateSyntheticCourse } from '#scripts/fakes/stepik/generate.ts';
import { startFakeStepik, type FakeStepik } from '#scripts/fakes/stepik/server.ts';
import { dialects, type TestDatabase } from '../support/databases.ts';

const LEARNERS = 60;
const LESSONS = 4;

describe.each(dialects)('grade-book strategy on $name', ({ create }) => {
  let test: TestDatabase;
  let fake: FakeStepik;
  let course: Course;
  let learnerIds: number[];
  const client = () =>
    createStepikClient({
      baseUrl: fake.url,
      clientId: 'strategy-app',
      clientSecret: 'strategy-secret',
      requestsPerSecond: 200,
    });

  beforeAll(async () => {
    const synthetic = generateSyntheticCourse({
      learners: LEARNERS,
      lessons: LESSONS,
      stepsPerLesson: 5,
    });
    synthetic.state.addClient('strategy-app', 'strategy-secret', synthetic.state.teacherId);
    learnerIds = synthetic.learnerIds;
    const lessons = synthetic.state.catalog.courseLessons(synthetic.courseId);
    course = toCourse({
      course: {
        title: 'Synthetic',
        stepik_course_id: synthetic.courseId,
        description: '',
        demo: false,
        lessons_without_stepik: 'open',
      },
      modules: [
        {
          title: 'M',
          stepik_section_id: synthetic.courseId * 10 + 1,
          lessons: lessons.map((l, i) => ({
            slug: `l-${l.id}`,
            title: `L ${l.id}`,
            lesson_id: l.id,
            position: i + 1,
            videos: [{ code: `Cx${String(l.id).slice(-6)}`, title: 'видео' }],
          })),
        },
      ],
    });
    fake = await startFakeStepik({ state: synthetic.state });
    test = await create();
    // Three of the sixty learners linked here, and one linked account the grade book does not list.
    await test.database.db
      .insert(test.database.t.users)
      .values([
        ...learnerIds.slice(0, 3).map((id) => ({ email: `l${id}@example.ru`, stepikUserId: id })),
        { email: 'stranger@example.ru', stepikUserId: 9_999_999 },
      ]);
  });
  afterAll(async () => {
    await test?.dispose();
    await fake?.close();
  });

  const progressRows = async () =>
    (
      await test.database.db
        .select()
        .from(test.database.t.lessonProgress)
        .orderBy(test.database.t.lessonProgress.userId, test.database.t.lessonProgress.lessonId)
    ).map(({ updatedAt: _u, ...row }) => row);

  it('walks every page first, then asks only for the linked students — same progress, a fraction of the bytes', async () => {
    const first = await runSync(test.database, course, client(), { requestsPerSecond: 4 });
    expect(first.strategy).toBe('walk');
    expect(first.learners).toBe(LEARNERS);
    const walked = await progressRows();
    expect(walked.length).toBe(3 * LESSONS);

    // A walk again, forced, to measure what one walk of the grade book costs without the structure.
    const walk = await runSync(test.database, course, client(), { strategy: 'walk' });
    const linked = await runSync(test.database, course, client(), { requestsPerSecond: 4 });
    expect(linked.strategy).toBe('per-student');
    expect(linked.matched).toBe(3);
    // One request per linked account (and a token), against three pages for the walk.
    expect(linked.requests).toBeLessThanOrEqual(4 + 1);
    expect(walk.requests).toBeGreaterThanOrEqual(Math.ceil(LEARNERS / 20));
    // Bytes: about 4/60 of the walk's (three entries and an empty answer), within 1.2× of that share.
    expect(linked.bytes).toBeGreaterThan(0);
    expect(linked.bytes).toBeLessThanOrEqual(1.2 * (4 / LEARNERS) * walk.bytes + 4_000);
    expect(await progressRows()).toEqual(walked);
  });

  it('marks a linked account the grade book does not list as missing, per student too', async () => {
    const summary = await runSync(test.database, course, client(), { strategy: 'per-student' });
    expect(summary.strategy).toBe('per-student');
    const users = await test.database.db
      .select()
      .from(test.database.t.users)
      .orderBy(test.database.t.users.id);
    expect(users.find((u) => u.stepikUserId === 9_999_999)!.stepikMissingSince).not.toBeNull();
    expect(
      users
        .filter((u) => learnerIds.includes(u.stepikUserId!))
        .every((u) => u.stepikMissingSince === null),
    ).toBe(true);
  });

  it('says in its one-line summary how it read the grade book and how much came from Stepik', async () => {
    const { formatSummary } = await import('#api/sync/run.ts');
    const summary = await runSync(test.database, course, client(), { requestsPerSecond: 4 });
    expect(formatSummary(summary)).toMatch(
      /one request per linked student, \d+(\.\d)? (KB|MB|B) from Stepik/,
    );
  });
});
