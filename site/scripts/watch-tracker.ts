/**
 * What a player frame watched, from its postMessage events (Boomstream's player API, or the
 * offline stand-in that speaks it): `play`, `pause`, `stop`, `progress` (the seek bar) and
 * `time` every so often with `time` and `duration` in seconds. Two consecutive `time` events
 * count as watched when the video moved forward no faster than 2× the wall clock between them
 * (plus a second of slack); anything faster is a seek and counts nothing. Pure: no DOM here,
 * table-tested in tests/watch/tracker.test.ts.
 */
import {
  MAX_PLAYBACK_RATE,
  normalizeIntervals,
  totalSeconds,
  type Interval,
} from '#api/watch/intervals.ts';

/** The events the player posts (event.data), as far as we read them. */
export interface PlayerMessage {
  method: string;
  code?: unknown;
  time?: unknown;
  duration?: unknown;
}

/** A player message, or null for anything else a frame may post. */
export function readPlayerMessage(data: unknown): PlayerMessage | null {
  if (!data || typeof data !== 'object') {
    // Some players post JSON text.
    if (typeof data !== 'string' || !data.startsWith('{')) return null;
    try {
      return readPlayerMessage(JSON.parse(data));
    } catch {
      return null;
    }
  }
  const method = (data as { method?: unknown }).method;
  return typeof method === 'string' ? (data as PlayerMessage) : null;
}

const SLACK_IN_SECONDS = 1;
const seconds = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

export class PartTracker {
  /** The union watched since the page opened (sent whole each time: a lost report loses nothing). */
  intervals: Interval[] = [];
  duration = 0;
  /** Something new since the last report (or a first play to announce). */
  dirty = false;
  /** Set once the part first played on this page: the server's clock for it starts then. */
  started = false;
  #last: { time: number; at: number } | null = null;

  /** Feeds one event; `at` is the wall clock in seconds (performance.now() / 1000). */
  onMessage(message: PlayerMessage, at: number): void {
    const duration = seconds(message.duration);
    if (duration && duration > 0) this.duration = duration;
    const time = seconds(message.time);
    switch (message.method) {
      case 'play':
        if (!this.started) {
          this.started = true;
          this.dirty = true;
        }
        this.#last = time === undefined ? null : { time, at };
        return;
      case 'time':
        if (time === undefined) return;
        this.#advance(time, at);
        this.#last = { time, at };
        return;
      case 'pause':
      case 'stop':
        if (time !== undefined) this.#advance(time, at);
        this.#last = null;
        return;
      case 'progress':
        // The seek bar moved: the next stretch starts wherever playing resumes.
        this.#last = null;
        return;
      default:
        return;
    }
  }

  #advance(time: number, at: number): void {
    const last = this.#last;
    if (!last) return;
    const played = time - last.time;
    const wall = Math.max(0, at - last.at);
    if (played > 0 && played <= wall * MAX_PLAYBACK_RATE + SLACK_IN_SECONDS) {
      this.intervals = normalizeIntervals(
        [...this.intervals, [last.time, time]],
        this.duration || Infinity,
      );
      this.dirty = true;
    }
  }

  watchedSeconds(): number {
    return totalSeconds(this.intervals);
  }
}

export interface PartReportBody {
  part: number;
  intervals: [number, number][];
  duration: number;
}

/** The batch for POST /api/watch/:lessonId: every part with something new (and a known length). */
export function takeReport(trackers: ReadonlyMap<number, PartTracker>): PartReportBody[] {
  const parts: PartReportBody[] = [];
  for (const [part, tracker] of trackers) {
    if (!tracker.dirty || !(tracker.duration > 0)) continue;
    parts.push({
      part,
      intervals: tracker.intervals.map(([s, e]): [number, number] => [round(s), round(e)]),
      duration: round(tracker.duration),
    });
    tracker.dirty = false;
  }
  return parts;
}

/** Tenths of a second: plenty, and a smaller body. */
const round = (value: number): number => Math.round(value * 10) / 10;
