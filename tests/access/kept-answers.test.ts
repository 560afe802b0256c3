/**
 * The store of answers kept by the stored decisions they are made from (api/access/kept-answers.ts):
 * bounded by the bytes it holds, not by a count (a progress answer of a long course is tens of
 * KB), the oldest going first; per course and settings; a new quarter hour is a new key.
 */
import { describe, expect, it } from 'vitest';
import { keepAnswer, keptAnswer, keptAnswerKey } from '#api/access/kept-answers.ts';
import type { Course } from '#api/course/schema.ts';

const MB = 1024 * 1024;
const course = () => ({}) as Course;

describe('kept answers', () => {
  it('holds at most its budget of bytes, letting the oldest go first', () => {
    const config = {};
    const c = course();
    // Each costs about 2 MB (its text and its UTF-8): four fit in the 8 MB, not five.
    const body = (i: number) => String(i).padEnd(MB - 64, 'x');
    for (let i = 0; i < 10; i++) keepAnswer(config, c, `k${i}`, body(i));
    const kept = Array.from({ length: 10 }, (_, i) => keptAnswer(config, c, `k${i}`) !== undefined);
    expect(kept.slice(0, 6)).toEqual(Array(6).fill(false));
    expect(kept.slice(6)).toEqual([true, true, true, true]);
    expect(keptAnswer(config, c, 'k9')!.bytes.toString()).toBe(body(9));
    // Keeping one again under the same key counts it once: nothing else has to go.
    keepAnswer(config, c, 'k9', body(9));
    expect(keptAnswer(config, c, 'k6')).toBeDefined();
  });

  it('answers but does not keep what is larger than the whole budget', () => {
    const config = {};
    const c = course();
    keepAnswer(config, c, 'small', '{}');
    const huge = keepAnswer(config, c, 'huge', 'x'.repeat(5 * MB));
    expect(huge.bytes.length).toBe(5 * MB);
    expect(keptAnswer(config, c, 'huge')).toBeUndefined();
    expect(keptAnswer(config, c, 'small')).toBeDefined();
  });

  it('keeps apart the answers of other settings and courses, and of another quarter hour', () => {
    const [a, b] = [{}, {}];
    const c = course();
    keepAnswer(a, c, 'same', '{"a":1}');
    expect(keptAnswer(b, c, 'same')).toBeUndefined();
    expect(keptAnswer(a, course(), 'same')).toBeUndefined();
    const at = Date.UTC(2026, 11, 31, 20, 50);
    expect(keptAnswerKey('slug', '{}', at)).toBe(keptAnswerKey('slug', '{}', at + 9 * 60_000));
    expect(keptAnswerKey('slug', '{}', at)).not.toBe(keptAnswerKey('slug', '{}', at + 15 * 60_000));
  });
});
