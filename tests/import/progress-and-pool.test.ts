/** The progress bar's text and throttling, and the bounded pool that hashes passwords. */
import { describe, expect, it } from 'vitest';
import {
  createProgressRenderer,
  formatDuration,
  formatProgressBar,
} from '#api/import/progress-bar.ts';
import { hashingConcurrency, mapConcurrently } from '#api/import/run-pool.ts';

describe('progress bar', () => {
  it.each([
    [0, 10, undefined, 'passwords [........] 0/10 (0%)'],
    [5, 10, 65, 'passwords [####....] 5/10 (50%, ~1 min 5 s left)'],
    [10, 10, 3, 'passwords [########] 10/10 (100%)'],
    [0, 0, undefined, 'passwords [########] 0/0 (100%)'],
  ])('%i of %i', (done, total, secondsLeft, expected) => {
    expect(formatProgressBar('passwords', done, total, { width: 8, secondsLeft })).toBe(expected);
  });

  it('formats durations', () => {
    expect([
      formatDuration(0.2),
      formatDuration(59),
      formatDuration(60),
      formatDuration(130.5),
    ]).toEqual(['1 s', '59 s', '1 min', '2 min 11 s']);
  });

  it('redraws at most every interval, always at the end, and ends the line', () => {
    let clock = 0;
    const writes: string[] = [];
    const bar = createProgressRenderer((t) => writes.push(t), {
      intervalMs: 100,
      now: () => clock,
    });
    bar.update('passwords', 1, 4);
    clock = 50;
    bar.update('passwords', 2, 4); // too soon: skipped
    clock = 2_000;
    bar.update('passwords', 3, 4);
    bar.update('passwords', 4, 4); // the last one is always drawn
    bar.finish();
    expect(writes).toHaveLength(4);
    expect(writes[0]).toMatch(/^\rpasswords \[#+\.+\] 1\/4 \(25%\)\x1b\[K$/);
    expect(writes[1]).toContain('3/4 (75%, ~1 s left)');
    expect(writes[2]).toContain('4/4 (100%)');
    expect(writes[3]).toBe('\n');
  });

  it('draws nothing and ends no line when never updated', () => {
    const writes: string[] = [];
    createProgressRenderer((t) => writes.push(t)).finish();
    expect(writes).toEqual([]);
  });
});

describe('hashing pool', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapConcurrently([5, 1, 4, 2, 3, 0, 6], 3, async (n, i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return `${i}:${n}`;
    });
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0', '6:6']);
    expect(peak).toBe(3);
    expect(await mapConcurrently([], 4, async () => 1)).toEqual([]);
  });

  it('stops at the first failure', async () => {
    await expect(
      mapConcurrently([1, 2, 3], 2, async (n) => (n === 2 ? Promise.reject(new Error('boom')) : n)),
    ).rejects.toThrow('boom');
  });

  it('sizes itself by UV_THREADPOOL_SIZE, never beyond the cores', () => {
    const cores = hashingConcurrency({ UV_THREADPOOL_SIZE: '1024' });
    expect(cores).toBeGreaterThanOrEqual(1);
    expect(hashingConcurrency({ UV_THREADPOOL_SIZE: '1' })).toBe(1);
    expect(hashingConcurrency({})).toBe(Math.min(4, cores));
    expect(hashingConcurrency({ UV_THREADPOOL_SIZE: 'lots' })).toBe(Math.min(4, cores));
  });
});
