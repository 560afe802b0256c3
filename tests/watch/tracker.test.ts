/** The browser's side of watching, without a browser: player events in, intervals and batches out. */
import { describe, expect, it } from 'vitest';
import {
  PartTracker,
  readPlayerMessage,
  takeReport,
  type PlayerMessage,
} from '#site/scripts/watch-tracker.ts';
import { watchedPercent } from '#api/watch/percent.ts';
import { watchedShareOf } from '#api/watch/shares.ts';

/** Feeds [wall-clock second, method, video time] events to a fresh tracker of a 100 s video. */
function play(events: [at: number, method: string, time?: number][]): PartTracker {
  const tracker = new PartTracker();
  for (const [at, method, time] of events) tracker.onMessage({ method, time, duration: 100 }, at);
  return tracker;
}

describe('PartTracker', () => {
  it.each<[string, [number, string, number?][], [number, number][]]>([
    [
      'plays at 1×',
      [
        [0, 'play', 0],
        [1, 'time', 1],
        [2, 'time', 2],
        [3, 'time', 3],
      ],
      [[0, 3]],
    ],
    [
      'plays at 2×',
      [
        [0, 'play', 10],
        [1, 'time', 12],
        [2, 'time', 14],
      ],
      [[10, 14]],
    ],
    [
      'a seek ahead counts nothing between',
      [
        [0, 'play', 0],
        [1, 'time', 1],
        [2, 'time', 2],
        [2.2, 'time', 50],
        [3.2, 'time', 51],
      ],
      [
        [0, 2],
        [50, 51],
      ],
    ],
    [
      'a seek back and watching again counts once',
      [
        [0, 'play', 0],
        [5, 'time', 5],
        [5.1, 'time', 1],
        [9.1, 'time', 5],
      ],
      [[0, 5]],
    ],
    [
      'the seek bar breaks the run',
      [
        [0, 'play', 0],
        [1, 'time', 1],
        [1.5, 'progress', 1.5],
        [2, 'time', 2],
        [3, 'time', 3],
      ],
      [
        [0, 1],
        [2, 3],
      ],
    ],
    [
      'a pause ends the run at its time',
      [
        [0, 'play', 0],
        [1, 'time', 1],
        [1.5, 'pause', 1.5],
        [60, 'time', 1.5],
      ],
      [[0, 1.5]],
    ],
    [
      'a stop ends at the end',
      [
        [0, 'play', 97],
        [1, 'time', 98],
        [3, 'stop', 100],
      ],
      [[97, 100]],
    ],
    [
      'time events before any play count nothing until they chain',
      [
        [0, 'time', 30],
        [1, 'time', 31],
      ],
      [[30, 31]],
    ],
    [
      'a throttled background tab still counts when the clock agrees',
      [
        [0, 'play', 0],
        [60, 'time', 60],
      ],
      [[0, 60]],
    ],
    [
      'faster than 2× is a seek',
      [
        [0, 'play', 0],
        [1, 'time', 4],
      ],
      [],
    ],
    [
      'times past the duration are clipped',
      [
        [0, 'play', 99],
        [1, 'time', 100.5],
      ],
      [[99, 100]],
    ],
  ])('%s', (_name, events, expected) => {
    expect(play(events).intervals).toEqual(expected);
  });

  it('ignores what is not a number', () => {
    const tracker = play([[0, 'play', 0]]);
    tracker.onMessage({ method: 'time', time: '5' } as PlayerMessage, 1);
    tracker.onMessage({ method: 'time', time: Number.NaN }, 2);
    tracker.onMessage({ method: 'time', time: -1 }, 3);
    expect(tracker.intervals).toEqual([]);
  });
});

describe('readPlayerMessage', () => {
  it.each([
    [{ method: 'time', time: 1, duration: 2, code: 'x' }, 'time'],
    ['{"method":"play","time":0}', 'play'],
    [{ time: 1 }, null],
    ['hello', null],
    [null, null],
    [42, null],
  ])('%j', (data, method) => {
    expect(readPlayerMessage(data)?.method ?? null).toBe(method);
  });
});

describe('takeReport', () => {
  it('sends each part with something new once, and a first play even with nothing watched yet', () => {
    const fresh = play([[0, 'play', 0]]);
    const watched = play([
      [0, 'play', 0],
      [1, 'time', 1.04],
    ]);
    const idle = new PartTracker();
    const trackers = new Map([
      [0, fresh],
      [1, watched],
      [2, idle],
    ]);
    expect(takeReport(trackers)).toEqual([
      { part: 0, intervals: [], duration: 100 },
      { part: 1, intervals: [[0, 1]], duration: 100 },
    ]);
    expect(takeReport(trackers)).toEqual([]);
  });

  it('waits for the duration before it sends a part', () => {
    const tracker = new PartTracker();
    tracker.onMessage({ method: 'play', time: 0 }, 0);
    expect(takeReport(new Map([[0, tracker]]))).toEqual([]);
    tracker.onMessage({ method: 'time', time: 1, duration: 30 }, 1);
    expect(takeReport(new Map([[0, tracker]]))).toEqual([
      { part: 0, intervals: [[0, 1]], duration: 30 },
    ]);
  });
});

describe('shares and percent', () => {
  it.each<[string, { watchedSeconds: number; duration: number | undefined }[], number]>([
    ['nothing', [], 0],
    ['half of one part', [{ watchedSeconds: 50, duration: 100 }], 0.5],
    [
      'parts weighed by length',
      [
        { watchedSeconds: 30, duration: 30 },
        { watchedSeconds: 0, duration: 90 },
      ],
      0.25,
    ],
    [
      'an unknown part weighs as the average known one',
      [
        { watchedSeconds: 60, duration: 60 },
        { watchedSeconds: 0, duration: undefined },
      ],
      0.5,
    ],
    ['no length known at all', [{ watchedSeconds: 0, duration: undefined }], 0],
    ['never above 1', [{ watchedSeconds: 200, duration: 100 }], 1],
  ])('%s', (_name, parts, share) => {
    expect(watchedShareOf(parts)).toBeCloseTo(share);
  });

  it.each([
    [0, 0],
    [0.645, 64],
    [0.999, 99],
    [1, 100],
    [1.5, 100],
    [-1, 0],
    [Number.NaN, 0],
    [0.29, 29],
    [0.57, 57],
  ])('%d → %d %', (share, percent) => {
    expect(watchedPercent(share)).toBe(percent);
  });
});
