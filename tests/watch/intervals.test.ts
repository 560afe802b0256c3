import { describe, expect, it } from 'vitest';
import {
  addReport,
  newParts,
  normalizeIntervals,
  totalSeconds,
  watchedShare,
  type Interval,
} from '#api/watch/intervals.ts';

describe('normalizeIntervals', () => {
  it.each<[string, Interval[], number, Interval[]]>([
    ['empty', [], 100, []],
    ['one', [[10, 20]], 100, [[10, 20]]],
    [
      'sorted and joined when overlapping',
      [
        [30, 40],
        [10, 35],
      ],
      100,
      [[10, 40]],
    ],
    [
      'touching intervals joined',
      [
        [0, 10],
        [10, 20],
      ],
      100,
      [[0, 20]],
    ],
    [
      'disjoint kept apart',
      [
        [50, 60],
        [0, 10],
      ],
      100,
      [
        [0, 10],
        [50, 60],
      ],
    ],
    [
      'clipped to the duration',
      [
        [-5, 10],
        [95, 120],
      ],
      100,
      [
        [0, 10],
        [95, 100],
      ],
    ],
    [
      'empty and reversed dropped',
      [
        [5, 5],
        [9, 3],
      ],
      100,
      [],
    ],
    [
      'not-a-number dropped',
      [
        [Number.NaN, 4],
        [1, Infinity],
      ],
      Infinity,
      [],
    ],
    [
      'contained interval absorbed',
      [
        [0, 100],
        [20, 30],
      ],
      100,
      [[0, 100]],
    ],
  ])('%s', (_name, input, duration, expected) => {
    expect(normalizeIntervals(input, duration)).toEqual(expected);
  });
});

describe('newParts', () => {
  it.each<[string, Interval[], Interval[], Interval[]]>([
    ['nothing stored', [], [[0, 10]], [[0, 10]]],
    ['all already watched', [[0, 100]], [[10, 20]], []],
    [
      'a hole filled',
      [
        [0, 10],
        [20, 30],
      ],
      [[5, 25]],
      [[10, 20]],
    ],
    [
      'before and after',
      [[10, 20]],
      [[0, 30]],
      [
        [0, 10],
        [20, 30],
      ],
    ],
    [
      'two reported, one stored between',
      [[10, 20]],
      [
        [0, 5],
        [25, 30],
      ],
      [
        [0, 5],
        [25, 30],
      ],
    ],
  ])('%s', (_name, stored, reported, expected) => {
    expect(newParts(stored, reported)).toEqual(expected);
  });
});

describe('addReport', () => {
  it.each<
    [
      string,
      Interval[],
      Interval[],
      number,
      number,
      { intervals: Interval[]; added: number; refused: number },
    ]
  >([
    [
      '15 s watched in 15 s',
      [],
      [[0, 15]],
      600,
      15,
      { intervals: [[0, 15]], added: 15, refused: 0 },
    ],
    [
      'watching twice counts once',
      [[0, 15]],
      [[0, 15]],
      600,
      15,
      { intervals: [[0, 15]], added: 0, refused: 0 },
    ],
    [
      '2× speed is credited whole',
      [],
      [[0, 30]],
      600,
      15,
      { intervals: [[0, 30]], added: 30, refused: 0 },
    ],
    [
      'an hour claimed in a minute: 2 × 60 + 5 s credited',
      [],
      [[0, 3600]],
      7200,
      60,
      { intervals: [[0, 125]], added: 125, refused: 3475 },
    ],
    [
      'a forged report with no time passed gets only the slack',
      [],
      [[100, 200]],
      600,
      0,
      { intervals: [[100, 105]], added: 5, refused: 95 },
    ],
    [
      'a seek ahead: two played pieces, the gap not counted',
      [],
      [
        [0, 10],
        [300, 310],
      ],
      600,
      20,
      {
        intervals: [
          [0, 10],
          [300, 310],
        ],
        added: 20,
        refused: 0,
      },
    ],
    [
      'credited in video order when the allowance runs out',
      [],
      [
        [0, 10],
        [100, 120],
      ],
      600,
      5,
      {
        intervals: [
          [0, 10],
          [100, 105],
        ],
        added: 15,
        refused: 15,
      },
    ],
    [
      'clipped to the duration',
      [],
      [[590, 700]],
      600,
      60,
      { intervals: [[590, 600]], added: 10, refused: 0 },
    ],
    [
      'negative elapsed time counts as none',
      [],
      [[0, 50]],
      600,
      -30,
      { intervals: [[0, 5]], added: 5, refused: 45 },
    ],
  ])('%s', (_name, stored, reported, duration, elapsed, expected) => {
    const update = addReport(stored, reported, duration, elapsed);
    expect(update.intervals).toEqual(expected.intervals);
    expect(update.addedSeconds).toBeCloseTo(expected.added, 9);
    expect(update.refusedSeconds).toBeCloseTo(expected.refused, 9);
    expect(totalSeconds(update.intervals)).toBeCloseTo(
      totalSeconds(normalizeIntervals(stored, duration)) + expected.added,
      9,
    );
  });
});

describe('watchedShare', () => {
  it.each<[string, { duration: number; intervals: Interval[] }[], number]>([
    ['no parts', [], 0],
    ['one part half watched', [{ duration: 100, intervals: [[0, 50]] }], 0.5],
    [
      'two parts of different lengths together',
      [
        { duration: 100, intervals: [[0, 100]] },
        { duration: 300, intervals: [[0, 60]] },
      ],
      0.4,
    ],
    [
      'overlaps inside a part count once',
      [
        {
          duration: 100,
          intervals: [
            [0, 60],
            [30, 90],
          ],
        },
      ],
      0.9,
    ],
    [
      'a part of unknown length (0) adds nothing',
      [
        { duration: 0, intervals: [] },
        { duration: 10, intervals: [[0, 10]] },
      ],
      1,
    ],
  ])('%s', (_name, parts, expected) => {
    expect(watchedShare(parts)).toBeCloseTo(expected, 9);
  });
});
