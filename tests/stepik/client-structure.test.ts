/** The client's structure calls over real HTTP against the fake: envelope, ids[] batches, paging. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeStepik } from '#scripts/fakes/stepik/server.ts';
import { APP, clientFor, COURSE_ID, requestsTo, startCourseFake } from './helpers.ts';

let fake: FakeStepik;
beforeAll(async () => {
  fake = await startCourseFake();
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.state.requests.length = 0;
  fake.state.idsPageSize = null;
  fake.state.faults.clear();
});

describe('structure', () => {
  it('reads a course, its sections, units, lessons and steps', async () => {
    const { client } = clientFor(fake);
    const course = await client.getCourse(COURSE_ID);
    expect(course).toEqual({ id: COURSE_ID, title: 'Тестовый курс', sections: [4101, 4102] });

    const sections = await client.getSections(course!.sections);
    expect(sections).toEqual([
      {
        id: 4101,
        course: COURSE_ID,
        position: 1,
        title: 'Модуль 1',
        units: [50_004_201, 50_004_202],
      },
      {
        id: 4102,
        course: COURSE_ID,
        position: 2,
        title: 'Модуль 2',
        units: [50_004_203, 50_004_204],
      },
    ]);
    const units = await client.getUnits(sections.flatMap((s) => s.units));
    expect(units.map((u) => [u.section, u.lesson, u.position])).toEqual([
      [4101, 4201, 1],
      [4101, 4202, 2],
      [4102, 4203, 1],
      [4102, 4204, 2],
    ]);

    const lessons = await client.getLessons(units.map((u) => u.lesson));
    expect(lessons.map((l) => [l.id, l.title, l.steps.length])).toEqual([
      [4201, 'Урок 1', 3],
      [4202, 'Урок 2', 4],
      [4203, 'Урок 3', 2],
      [4204, 'Урок 4', 5],
    ]);
    expect(lessons[0]!.steps).toEqual([420_101, 420_102, 420_103]);

    const steps = await client.getSteps(lessons.flatMap((l) => l.steps));
    expect(steps).toHaveLength(14);
    expect(steps[0]).toEqual({ id: 420_101, lesson: 4201, position: 1, block: { name: 'text' } });
    // Only the fields of the interface: Stepik's many other fields are not passed on.
    expect(Object.keys(steps[1]!).sort()).toEqual(['block', 'id', 'lesson', 'position']);
  });

  it('answers null for a course Stepik does not have (404), without retrying', async () => {
    const { client, sleeps } = clientFor(fake);
    expect(await client.getCourse(999_999)).toBeNull();
    expect(requestsTo(fake, '/api/courses/999999')).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('leaves out ids Stepik does not return, de-duplicates, and keeps the asked order', async () => {
    const { client } = clientFor(fake);
    const lessons = await client.getLessons([4203, 777, 4201, 4203, 888]);
    expect(lessons.map((l) => l.id)).toEqual([4203, 4201]);
    expect(await client.getSteps([1, 2, 3])).toEqual([]);
    expect(await client.getSections([])).toEqual([]);
    // Nothing asked, nothing sent (beyond the token).
    expect(requestsTo(fake, '/api/sections')).toHaveLength(0);
  });

  it('puts answers in the asked order even when Stepik sends them shuffled and repeated', async () => {
    // Stepik does not promise an order; a repeat can come from overlapping pages.
    const shuffling: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes('/api/lessons')) return response;
      const body = (await response.json()) as { lessons: unknown[] };
      return Response.json({
        ...body,
        lessons: [...body.lessons].reverse().concat(body.lessons[0]),
      });
    };
    const { client } = clientFor(fake, { fetch: shuffling });
    expect((await client.getLessons([4201, 4203, 4202])).map((l) => l.id)).toEqual([
      4201, 4203, 4202,
    ]);
  });

  it('sends 75 ids in 3 requests of at most 30, and merges the answers', async () => {
    const { client } = clientFor(fake);
    const ids = Array.from({ length: 75 }, (_, i) => 420_101 + i);
    const steps = await client.getSteps(ids);
    expect(steps.map((s) => s.id)).toEqual([420_101, 420_102, 420_103]);
    const sent = requestsTo(fake, '/api/steps');
    expect(sent).toHaveLength(3);
    const counts = sent.map((r) => new URLSearchParams(r.search).getAll('ids[]').length);
    expect(counts).toEqual([30, 30, 15]);
    expect(new Set(sent.flatMap((r) => new URLSearchParams(r.search).getAll('ids[]'))).size).toBe(
      75,
    );
    for (const r of sent) expect(r.search.length).toBeLessThan(2000);
  });

  it('follows meta.has_next inside an ids[] batch too', async () => {
    fake.state.idsPageSize = 2;
    const { client } = clientFor(fake);
    const steps = await client.getSteps([420_101, 420_102, 420_103, 420_201, 420_202]);
    expect(steps).toHaveLength(5);
    const pages = requestsTo(fake, '/api/steps').map((r) =>
      new URLSearchParams(r.search).get('page'),
    );
    expect(pages).toEqual([null, '2', '3']);
  });

  it('sends the headers Stepik expects: Bearer token, Accept, a descriptive User-Agent', async () => {
    const { client } = clientFor(fake, { userAgent: 'course-site-test/1.0 (+https://example.ru)' });
    await client.getCourse(COURSE_ID);
    const [tokenRequest] = requestsTo(fake, '/oauth2/token/');
    expect(tokenRequest!.headers.authorization).toBe(
      `Basic ${Buffer.from(`${APP.id}:${APP.secret}`).toString('base64')}`,
    );
    expect(tokenRequest!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const [apiRequest] = requestsTo(fake, `/api/courses/${COURSE_ID}`);
    expect(apiRequest!.headers.authorization).toMatch(/^Bearer [0-9a-f]{40}$/);
    expect(apiRequest!.headers.accept).toBe('application/json');
    expect(apiRequest!.headers['user-agent']).toBe('course-site-test/1.0 (+https://example.ru)');
  });

  it('has a default User-Agent that names the site', async () => {
    const { client } = clientFor(fake);
    await client.getCourse(COURSE_ID);
    expect(requestsTo(fake, `/api/courses/${COURSE_ID}`)[0]!.headers['user-agent']).toMatch(
      /^course-site-sync\/1\.0/,
    );
  });

  it('counts every HTTP request, the token request included', async () => {
    const { client } = clientFor(fake);
    expect(client.requestCount).toBe(0);
    await client.getCourse(COURSE_ID);
    await client.getLessons([4201]);
    expect(client.requestCount).toBe(3);
    expect(fake.state.requests).toHaveLength(3);
  });
});
