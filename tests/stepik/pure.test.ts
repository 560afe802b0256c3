/** The Stepik client's pure parts: batching, back-off, Retry-After, token timing, the bucket, mapping. */
import { describe, expect, it } from 'vitest';
import { batchIds, idsQuery, MAX_IDS_PER_REQUEST, mergeById } from '#api/stepik/batches.ts';
import { toCourseGrade } from '#api/stepik/client.ts';
import { TokenBucket } from '#api/rate/token-bucket.ts';
import {
  backoffDelayInMs,
  parseRetryAfterInMs,
  RETRY_AFTER_CAP_IN_MS,
  retryDelayInMs,
} from '#api/stepik/retry.ts';
import { courseGradeSchema, formatIssuePath } from '#api/stepik/schemas.ts';
import { basicAuthorization, renewAtInMs } from '#api/stepik/token.ts';

describe('batchIds', () => {
  it('splits into batches of at most 30, de-duplicated, in first-seen order', () => {
    const ids = [...Array.from({ length: 75 }, (_, i) => i + 1), 3, 5];
    const batches = batchIds(ids);
    expect(batches.map((b) => b.length)).toEqual([30, 30, 15]);
    expect(batches.flat()).toEqual(Array.from({ length: 75 }, (_, i) => i + 1));
    expect(MAX_IDS_PER_REQUEST).toBe(30);
  });

  it('keeps each query string under the length limit', () => {
    const longIds = Array.from({ length: 30 }, (_, i) => `77-${'9'.repeat(60)}${i}`);
    const batches = batchIds(longIds, 30, 400);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) expect(idsQuery(batch).toString().length).toBeLessThanOrEqual(400);
    expect(batches.flat()).toEqual(longIds);
  });

  it('gives no batch for no ids, and one batch for one oversized id', () => {
    expect(batchIds([])).toEqual([]);
    expect(batchIds(['x'.repeat(100)], 30, 10)).toEqual([['x'.repeat(100)]]);
  });
});

describe('mergeById', () => {
  it('keeps the asked order, drops duplicates and ids not found', () => {
    expect(
      mergeById<{ id: number }, number>([3, 1, 2, 3], [{ id: 1 }, { id: 3 }, { id: 1 }, { id: 9 }]),
    ).toEqual([{ id: 3 }, { id: 1 }]);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');
  it('reads delta seconds', () => {
    expect(parseRetryAfterInMs('3', now)).toBe(3000);
    expect(parseRetryAfterInMs(' 0 ', now)).toBe(0);
    expect(parseRetryAfterInMs('1.5', now)).toBe(1500);
  });
  it('reads an HTTP date, never negative', () => {
    expect(parseRetryAfterInMs('Sat, 01 Mar 2025 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfterInMs('Sat, 01 Mar 2025 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    for (const bad of [null, undefined, '', '-1', 'soon', '1e3'])
      expect(parseRetryAfterInMs(bad, now)).toBeNull();
  });
});

describe('back-off', () => {
  it('doubles, with jitter in the upper half, up to 30 s', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayInMs(n, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffDelayInMs(n, () => 0.999999))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    expect(backoffDelayInMs(20, () => 1)).toBe(30_000);
  });
  it('lets Retry-After win, capped; a bare 429 waits at least 2 s', () => {
    const base = { nowInMs: 0, random: () => 0 };
    expect(retryDelayInMs({ ...base, retry: 1, status: 503, retryAfter: '4' })).toBe(4000);
    expect(retryDelayInMs({ ...base, retry: 1, status: 429, retryAfter: '100000' })).toBe(
      RETRY_AFTER_CAP_IN_MS,
    );
    expect(retryDelayInMs({ ...base, retry: 1, status: 429, retryAfter: null })).toBe(2000);
    expect(retryDelayInMs({ ...base, retry: 1, status: 500, retryAfter: null })).toBe(500);
    expect(retryDelayInMs({ ...base, retry: 1, status: null, retryAfter: null })).toBe(500);
  });
});

describe('the token', () => {
  it('is renewed 60 s before it expires, or halfway for short lifetimes', () => {
    expect(renewAtInMs(1000, 36_000)).toBe(1000 + 36_000_000 - 60_000);
    expect(renewAtInMs(0, 60)).toBe(30_000);
  });
  it('goes as Basic auth of the form-encoded id and secret', () => {
    expect(basicAuthorization('abc', 'def')).toBe(
      `Basic ${Buffer.from('abc:def').toString('base64')}`,
    );
    expect(basicAuthorization('a:b', 'c d')).toBe(
      `Basic ${Buffer.from('a%3Ab:c+d').toString('base64')}`,
    );
  });
});

describe('TokenBucket', () => {
  it('lets a burst through, then waits 1/rate per request (clock standing still)', async () => {
    const waits: number[] = [];
    const bucket = new TokenBucket({
      requestsPerSecond: 4,
      now: () => 0,
      sleep: async (ms) => void waits.push(ms),
    });
    for (let i = 0; i < 11; i++) await bucket.take();
    // Burst 8; then each later caller waits its debt off from the same instant.
    expect(waits).toEqual([250, 500, 750]);
  });
  it('refills as time passes, up to the burst', async () => {
    let now = 0;
    const waits: number[] = [];
    const bucket = new TokenBucket({
      requestsPerSecond: 2,
      now: () => now,
      sleep: async (ms) => void waits.push(ms),
    });
    for (let i = 0; i < 4; i++) await bucket.take();
    now += 60_000;
    for (let i = 0; i < 4; i++) await bucket.take();
    expect(waits).toEqual([]);
    await bucket.take();
    expect(waits).toEqual([500]);
  });
  it('refuses a rate that is not positive', () => {
    expect(
      () => new TokenBucket({ requestsPerSecond: 0, now: () => 0, sleep: async () => {} }),
    ).toThrow(/above 0/);
  });
});

describe('toCourseGrade', () => {
  it('indexes by step_id, not by the "<lesson>-<position>" key', () => {
    const raw = courseGradeSchema.parse({
      id: 1,
      user: 7,
      course: 3,
      score: 2.0,
      is_teacher: false,
      results: {
        '1140054-6': {
          step_id: 4818237,
          is_passed: true,
          first_success: 1,
          total_submissions: 1,
          score: 1.0,
        },
        '1140054-5': {
          step_id: 4818238,
          is_passed: true,
          first_success: 1,
          total_submissions: 1,
          score: 1,
        },
        '1196526-2': {
          step_id: 4968648,
          is_passed: false,
          first_success: null,
          total_submissions: 0,
          score: 0.0,
        },
      },
    });
    const grade = toCourseGrade(raw);
    expect([...grade.results.keys()]).toEqual([4818237, 4818238, 4968648]);
    expect(grade.results.get(4968648)).toEqual({ isPassed: false, score: 0 });
    expect(grade).toMatchObject({ user: 7, course: 3, score: 2 });
  });
  it('accepts `results: {}`', () => {
    expect(
      toCourseGrade(courseGradeSchema.parse({ user: 1, course: 2, score: 0, results: {} })).results
        .size,
    ).toBe(0);
  });
});

describe('formatIssuePath', () => {
  it('writes paths as a reader expects', () => {
    expect(formatIssuePath(['lessons', 0, 'steps'])).toBe('lessons[0].steps');
    expect(formatIssuePath(['course-grades', 2, 'results', '1-2', 'step_id'])).toBe(
      'course-grades[2].results.1-2.step_id',
    );
  });
});
