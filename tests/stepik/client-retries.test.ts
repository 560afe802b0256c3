/**
 * The application token and retries, over real HTTP against the fake with its fault switches.
 * Waits are recorded through the `sleep` option, never slept.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  StepikHttpError,
  StepikPermissionError,
  StepikUnauthorizedError,
} from '#api/stepik/errors.ts';
import type { FakeStepik } from '#scripts/fakes/stepik/server.ts';
import { clientFor, COURSE_ID, requestsTo, startCourseFake } from './helpers.ts';

let fake: FakeStepik;
beforeAll(async () => {
  fake = await startCourseFake();
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.state.requests.length = 0;
  fake.state.faults.clear();
});

const tokenRequests = (): number => requestsTo(fake, '/oauth2/token/').length;
const caught = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => 'no error',
    (e: unknown) => e,
  );

describe('the application token', () => {
  it('is fetched once and reused for many calls', async () => {
    const { client } = clientFor(fake);
    await client.getCourse(COURSE_ID);
    await client.getLessons([4201, 4202]);
    await client.getSteps([420_101]);
    await client.walkCourseGrades({ course: COURSE_ID }, () => {});
    expect(tokenRequests()).toBe(1);
    const bearers = new Set(
      fake.state.requests
        .filter((r) => r.path.startsWith('/api/'))
        .map((r) => r.headers?.authorization),
    );
    expect(bearers.size).toBe(1);
  });

  it('is shared by concurrent first calls (one token request)', async () => {
    const { client } = clientFor(fake);
    await Promise.all([
      client.getCourse(COURSE_ID),
      client.getLessons([4201]),
      client.getSteps([420_101]),
    ]);
    expect(tokenRequests()).toBe(1);
  });

  it('is renewed shortly before expires_in runs out', async () => {
    fake.state.tokenLifetimeInSeconds = 600;
    let now = 1_000_000;
    try {
      const { client } = clientFor(fake, { now: () => now });
      await client.getCourse(COURSE_ID);
      now += 530_000; // 70 s before expiry: still used
      await client.getCourse(COURSE_ID);
      expect(tokenRequests()).toBe(1);
      now += 20_000; // 50 s before expiry: renewed first
      await client.getCourse(COURSE_ID);
      expect(tokenRequests()).toBe(2);
    } finally {
      fake.state.tokenLifetimeInSeconds = 36_000;
    }
  });

  it('is renewed once after a 401, and the request retried', async () => {
    const { client } = clientFor(fake);
    await client.getCourse(COURSE_ID);
    fake.state.expireAllTokens(); // as when Stepik drops tokens early
    expect(await client.getLessons([4201])).toHaveLength(1);
    expect(tokenRequests()).toBe(2);
    expect(requestsTo(fake, '/api/lessons')).toHaveLength(2);
  });

  it('fails clearly when the renewed token is refused too (a second 401)', async () => {
    const { client } = clientFor(fake);
    fake.state.faults.add({ kind: 'unauthorized', times: 2 });
    const error = await caught(client.getLessons([4201]));
    expect(error).toBeInstanceOf(StepikUnauthorizedError);
    expect((error as StepikHttpError).status).toBe(401);
    expect((error as Error).message).toBe(
      'Stepik GET /api/lessons answered 401 even with a freshly issued token',
    );
    expect(tokenRequests()).toBe(2);
    expect(requestsTo(fake, '/api/lessons')).toHaveLength(2);
  });

  it('reports wrong client credentials without echoing the secret', async () => {
    const { client } = clientFor(fake, { clientSecret: 'wrong-secret-123' });
    const error = await caught(client.getCourse(COURSE_ID));
    expect(error).toBeInstanceOf(StepikUnauthorizedError);
    expect((error as Error).message).toMatch(
      /^Stepik refused the client credentials \(POST \/oauth2\/token\/ answered 401 invalid_client\)/,
    );
    expect((error as Error).message).not.toContain('wrong-secret-123');
    expect(JSON.stringify(error)).not.toContain('wrong-secret-123');
    expect(requestsTo(fake, `/api/courses/${COURSE_ID}`)).toHaveLength(0);
  });
});

describe('retries', () => {
  it("does not retry a 403 and passes Stepik's detail on", async () => {
    const { client, sleeps } = clientFor(fake);
    fake.state.faults.add({ kind: 'forbidden', times: 1, pathPrefix: '/api/lessons' });
    const error = await caught(client.getLessons([4201]));
    expect(error).toBeInstanceOf(StepikPermissionError);
    expect((error as Error).message).toBe(
      'Stepik refused GET /api/lessons (403): You do not have permission to perform this action.',
    );
    expect(requestsTo(fake, '/api/lessons')).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('waits as long as Retry-After says (seconds) after a 429', async () => {
    const { client, sleeps } = clientFor(fake);
    fake.state.faults.add({ kind: 'rate-limited', times: 2, retryAfter: 3 });
    expect(await client.getLessons([4201])).toHaveLength(1);
    expect(sleeps).toEqual([3000, 3000]);
    expect(requestsTo(fake, '/api/lessons')).toHaveLength(3);
  });

  it('reads a Retry-After HTTP date against the clock, and caps a huge one', async () => {
    const now = Date.parse('2025-03-01T12:00:00Z');
    const { client, sleeps } = clientFor(fake, { now: () => now });
    fake.state.faults.add({
      kind: 'rate-limited',
      times: 1,
      retryAfter: 'Sat, 01 Mar 2025 12:00:07 GMT',
    });
    fake.state.faults.add({ kind: 'rate-limited', times: 1, retryAfter: 86_400 });
    await client.getLessons([4201]);
    expect(sleeps).toEqual([7000, 60_000]);
  });

  it('backs off exponentially (at least 2 s) after a 429 without Retry-After', async () => {
    const { client, sleeps } = clientFor(fake, { random: () => 0.5 });
    fake.state.faults.add({ kind: 'rate-limited', times: 4 });
    await client.getLessons([4201]);
    // Base 1 s doubling, equal jitter at 0.5 → 0.75 of the ceiling; a 429 waits ≥ 2 s.
    expect(sleeps).toEqual([2000, 2000, 3000, 6000]);
  });

  it('retries a 500 (and 502/503/504) and then succeeds', async () => {
    const { client, sleeps } = clientFor(fake, { random: () => 0 });
    fake.state.faults.add({ kind: 'server-error', times: 1 });
    fake.state.faults.add({ kind: 'server-error', times: 1, status: 502 });
    fake.state.faults.add({ kind: 'server-error', times: 1, status: 503 });
    fake.state.faults.add({ kind: 'server-error', times: 1, status: 504 });
    expect(await client.getCourse(COURSE_ID)).toMatchObject({ id: COURSE_ID });
    expect(sleeps).toEqual([500, 1000, 2000, 4000]);
    expect(requestsTo(fake, `/api/courses/${COURSE_ID}`)).toHaveLength(5);
  });

  it('retries after the connection is dropped without an answer', async () => {
    const { client, sleeps } = clientFor(fake);
    fake.state.faults.add({ kind: 'drop', times: 1, pathPrefix: '/api/steps' });
    expect(await client.getSteps([420_101, 420_102])).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(requestsTo(fake, '/api/steps')).toHaveLength(2);
  });

  it('retries a dropped token request too', async () => {
    const { client } = clientFor(fake);
    fake.state.faults.add({ kind: 'drop', times: 1, pathPrefix: '/oauth2/token/' });
    expect(await client.getCourse(COURSE_ID)).not.toBeNull();
    expect(tokenRequests()).toBe(2);
  });

  it('gives up after maxRetries, saying what happened', async () => {
    const { client, sleeps } = clientFor(fake, { maxRetries: 3 });
    fake.state.faults.add({ kind: 'server-error', times: 10, status: 503 });
    const error = await caught(client.getSections([4101]));
    expect(error).toBeInstanceOf(StepikHttpError);
    expect((error as Error).message).toBe(
      'Stepik GET /api/sections failed after 4 attempt(s); the last one: 503 Service Unavailable',
    );
    expect(error).toMatchObject({ status: 503, endpoint: 'GET /api/sections', attempts: 4 });
    expect(sleeps).toHaveLength(3);
    expect(client.requestCount).toBe(1 + 4);
  });

  it('gives up on repeated dropped connections with a network reason', async () => {
    const { client } = clientFor(fake, { maxRetries: 1 });
    fake.state.faults.add({ kind: 'drop', times: 5 });
    const error = await caught(client.getSections([4101]));
    expect(error).toBeInstanceOf(StepikHttpError);
    expect((error as StepikHttpError).status).toBeNull();
    expect((error as Error).message).toMatch(
      /^Stepik GET \/api\/sections failed after 2 attempt\(s\); the last one: no answer \(.+\)$/,
    );
  });
});
