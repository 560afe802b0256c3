/**
 * Watched time as a union of intervals, in seconds of the video: watching a part twice counts
 * once, seeking ahead counts nothing (the player reports only what it played), and what a
 * report may add is bounded by the wall-clock time since the last one — at most
 * `MAX_PLAYBACK_RATE` seconds of video per second — so a forged report cannot claim an hour in
 * a minute. Pure functions; table-tested in tests/watch/intervals.test.ts.
 */
export type Interval = readonly [start: number, end: number];

/** The fastest playback we credit (Boomstream's player offers up to 2×). */
export const MAX_PLAYBACK_RATE = 2;
/** Slack for the clocks of the browser and the server, and a report that left a little late. */
export const ALLOWANCE_SLACK_IN_SECONDS = 5;

/** Sorted, disjoint, each [start < end]; touching intervals joined; clipped to [0, duration]. */
export function normalizeIntervals(
  intervals: readonly Interval[],
  duration: number = Infinity,
): Interval[] {
  const clipped = intervals
    .map(([s, e]): Interval => [Math.max(0, s), Math.min(duration, e)])
    .filter(([s, e]) => Number.isFinite(s) && Number.isFinite(e) && e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of clipped) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export function totalSeconds(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, [s, e]) => sum + (e - s), 0);
}

/** The parts of `reported` not already in `stored` (both normalized), in video order. */
export function newParts(stored: readonly Interval[], reported: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [s, e] of reported) {
    let cursor = s;
    for (const [ss, se] of stored) {
      if (se <= cursor) continue;
      if (ss >= e) break;
      if (ss > cursor) out.push([cursor, Math.min(ss, e)]);
      cursor = Math.max(cursor, se);
      if (cursor >= e) break;
    }
    if (cursor < e) out.push([cursor, e]);
  }
  return out;
}

export interface WatchUpdate {
  intervals: Interval[];
  /** Seconds of video newly credited by this report. */
  addedSeconds: number;
  /** Seconds the report claimed beyond what the wall clock allows (not credited). */
  refusedSeconds: number;
}

/**
 * Adds a report to what is stored: new seconds are credited in video order until the
 * allowance (`MAX_PLAYBACK_RATE` × wall-clock seconds since the last report, plus slack) runs out.
 */
export function addReport(
  stored: readonly Interval[],
  reported: readonly Interval[],
  duration: number,
  elapsedWallSeconds: number,
): WatchUpdate {
  const base = normalizeIntervals(stored, duration);
  const fresh = newParts(base, normalizeIntervals(reported, duration));
  let allowance = Math.max(0, elapsedWallSeconds) * MAX_PLAYBACK_RATE + ALLOWANCE_SLACK_IN_SECONDS;
  const credited: Interval[] = [];
  let refused = 0;
  for (const [s, e] of fresh) {
    const length = e - s;
    if (allowance >= length) {
      credited.push([s, e]);
      allowance -= length;
    } else {
      if (allowance > 0) credited.push([s, s + allowance]);
      refused += length - Math.max(0, allowance);
      allowance = 0;
    }
  }
  return {
    intervals: normalizeIntervals([...base, ...credited], duration),
    addedSeconds: totalSeconds(credited),
    refusedSeconds: refused,
  };
}

/** The share of a lesson watched: its parts' watched seconds over their total length (0–1). */
export function watchedShare(
  parts: readonly { duration: number; intervals: readonly Interval[] }[],
): number {
  const total = parts.reduce((sum, p) => sum + Math.max(0, p.duration), 0);
  if (total <= 0) return 0;
  const watched = parts.reduce(
    (sum, p) => sum + totalSeconds(normalizeIntervals(p.intervals, p.duration)),
    0,
  );
  return Math.min(1, watched / total);
}
