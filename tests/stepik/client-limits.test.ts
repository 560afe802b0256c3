/**
 * Time-outs, the rate limit and shape checks, over real HTTP against the fake. Waits go
 * through the `sleep` option (a virtual clock where it matters), never real sleeping.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStepikClient } from '#api/stepik/client.ts';
import { StepikHttpError, StepikResponseError } from '#api/stepik/errors.ts';
import type { FakeStepik } from '#scripts/fakes/stepik/server.ts';
import { APP, clientFor, COURSE_ID, requestsTo, startCourseFake } from './helpers.ts';

let fake: FakeStepik;
beforeAll(async () => {
  fake = await startCourseFake();
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.state.requests.length = 0;
  fake.state.faults.clear();
});

const caught = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => 'no error',
    (e: unknown) => e,
  );
/** The app's token first, while the fake is quick: the time-outs below are about the API call. */
async function warmToken(client: ReturnType<typeof clientFor>['client']): Promise<void> {
  await client.getCourse(COURSE_ID);
  fake.state.requests.length = 0;
}

describe('time-outs', () => {
  it('times out a slow answer, retries, and succeeds once Stepik is quick again', async () => {
    const { client } = clientFor(fake, {
      // Roomy, so only the fake's latency can exceed it — not a loaded machine (150 ms did).
      timeoutInMs: 2_000,
      // Between the attempts the fake speeds up again.
      sleep: async () => void (fake.state.faults.latencyInMs = 0),
    });
    await warmToken(client);
    fake.state.faults.latencyInMs = 6_000;
    expect(await client.getCourse(COURSE_ID)).toMatchObject({ id: COURSE_ID });
    expect(requestsTo(fake, `/api/courses/${COURSE_ID}`)).toHaveLength(2);
  });

  it('gives up on an answer that never comes in time', async () => {
    const { client } = clientFor(fake, { timeoutInMs: 2_000, maxRetries: 1 });
    await warmToken(client);
    fake.state.faults.latencyInMs = 6_000;
    const error = await caught(client.getCourse(COURSE_ID));
    expect(error).toBeInstanceOf(StepikHttpError);
    expect((error as Error).message).toBe(
      `Stepik GET /api/courses/${COURSE_ID} failed after 2 attempt(s); the last one: no answer within 2000 ms`,
    );
  });

  it('waits for a slow answer within the timeout', async () => {
    fake.state.faults.latencyInMs = 200;
    const { client, sleeps } = clientFor(fake, { timeoutInMs: 5000 });
    expect(await client.getCourse(COURSE_ID)).not.toBeNull();
    expect(sleeps).toEqual([]);
  });
});

describe('the rate limit', () => {
  it('spaces requests at requestsPerSecond after a burst of twice that', async () => {
    let now = 0;
    const waits: number[] = [];
    const client = createStepikClient({
      baseUrl: fake.url,
      clientId: APP.id,
      clientSecret: APP.secret,
      requestsPerSecond: 2,
      now: () => now,
      // A virtual clock: sleeping moves it.
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    for (let i = 0; i < 10; i++) await client.getCourse(COURSE_ID);
    expect(client.requestCount).toBe(11); // 1 token + 10
    // Burst of 4, then 7 more at 2/s: at least 3.5 s of (virtual) waiting, and not much more.
    expect(now).toBeGreaterThanOrEqual(3500);
    expect(now).toBeLessThan(4000);
    expect(waits.every((ms) => ms <= 500)).toBe(true);
  });

  it('is shared by concurrent calls of one client', async () => {
    let now = 0;
    const client = createStepikClient({
      baseUrl: fake.url,
      clientId: APP.id,
      clientSecret: APP.secret,
      requestsPerSecond: 1,
      now: () => now,
      sleep: async (ms) => void (now += ms),
    });
    await Promise.all(Array.from({ length: 6 }, () => client.getLessons([4201])));
    // 7 requests (token included), burst 2, then 1/s: the calls queue for one budget.
    expect(client.requestCount).toBe(7);
    expect(now).toBeGreaterThanOrEqual(5000);
    expect(now).toBeLessThan(6000);
  });
});

describe('shape checks', () => {
  /** A fetch that passes through to the fake but rewrites the JSON of matching answers. */
  function tampering(
    match: string,
    change: (body: Record<string, unknown>) => unknown,
  ): typeof fetch {
    return async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes(match)) return response;
      const body = (await response.json()) as Record<string, unknown>;
      return new Response(JSON.stringify(change(body)), {
        status: response.status,
        headers: { 'Content-Type': 'application/json' },
      });
    };
  }

  it('rejects an answer whose field has the wrong type, naming the endpoint and the field', async () => {
    const fetchImpl = tampering('/api/lessons', (body) => ({
      ...body,
      lessons: (body.lessons as object[]).map((l) => ({ ...l, steps: 'oops' })),
    }));
    const { client } = clientFor(fake, { fetch: fetchImpl });
    const error = await caught(client.getLessons([4201]));
    expect(error).toBeInstanceOf(StepikResponseError);
    expect((error as StepikResponseError).field).toBe('lessons[0].steps');
    expect((error as Error).message).toMatch(
      /^Stepik GET \/api\/lessons returned an unexpected response: lessons\[0\]\.steps: .*expected array/,
    );
  });

  it('rejects a grade whose step_id is missing', async () => {
    const fetchImpl = tampering('/api/course-grades', (body) => {
      const [first] = body['course-grades'] as {
        results: Record<string, Record<string, unknown>>;
      }[];
      const [key] = Object.keys(first!.results);
      first!.results[key!] = { is_passed: true, score: 1 };
      return body;
    });
    fake.state.setStepPassed(501, 420_102, true);
    const { client } = clientFor(fake, { fetch: fetchImpl });
    const error = await caught(client.walkCourseGrades({ course: COURSE_ID }, () => {}));
    expect(error).toBeInstanceOf(StepikResponseError);
    expect((error as Error).message).toMatch(/course-grades\[0\]\.results\..+\.step_id: /);
  });

  it("rejects an answer without the envelope's meta", async () => {
    const { client } = clientFor(fake, {
      fetch: tampering('/api/sections', ({ meta: _meta, ...rest }) => rest),
    });
    const error = await caught(client.getSections([4101]));
    expect(error).toBeInstanceOf(StepikResponseError);
    expect((error as StepikResponseError).field).toBe('meta');
  });

  it('rejects a body that is not JSON', async () => {
    const fetchImpl: typeof fetch = async (input, init) =>
      String(input).includes('/api/units')
        ? new Response('<html>maintenance</html>', { status: 200 })
        : fetch(input, init);
    const { client } = clientFor(fake, { fetch: fetchImpl });
    const error = await caught(client.getUnits([1]));
    expect(error).toBeInstanceOf(StepikResponseError);
    expect((error as Error).message).toBe(
      'Stepik GET /api/units returned an unexpected response: not JSON (starts with "<html>maintenance</html>")',
    );
  });

  it('ignores fields it does not know, including side-loaded arrays', async () => {
    const fetchImpl = tampering('/api/courses/', (body) => ({
      ...body,
      surprise: [1, 2],
      courses: (body.courses as object[]).map((c) => ({ ...c, brand_new: { x: 1 } })),
    }));
    const { client } = clientFor(fake, { fetch: fetchImpl });
    expect(await client.getCourse(COURSE_ID)).toEqual({
      id: COURSE_ID,
      title: 'Тестовый курс',
      sections: [4101, 4102],
    });
  });
});
