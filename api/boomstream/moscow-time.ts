/**
 * Boomstream reads and writes buyer dates as `YYYY-MM-DD HH:mm:ss` wall-clock time in
 * Europe/Moscow (the vendor filter compares expiry there, boomstream.md §3), with
 * `0000-00-00 00:00:00` meaning "no date". Converting through the IANA zone rather than a fixed
 * +03:00 keeps historical dates right (Moscow had DST until 2011 and +04:00 until 2014).
 */
const ZONE = 'Europe/Moscow';
export const BOOMSTREAM_ZERO_TIME = '0000-00-00 00:00:00';

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function moscowWallClock(date: Date): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(date))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A moment → `YYYY-MM-DD HH:mm:ss` in Moscow (sub-second part dropped). */
export function formatMoscowTime(date: Date): string {
  if (Number.isNaN(date.getTime()))
    throw new TypeError('cannot format an invalid date for Boomstream');
  const w = moscowWallClock(date);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

function offsetInMs(utcMs: number): number {
  const w = moscowWallClock(new Date(utcMs));
  return (
    Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) -
    Math.floor(utcMs / 1000) * 1000
  );
}

/**
 * `YYYY-MM-DD HH:mm:ss` (or `H:i:s`, or a bare date, which Boomstream reads as 23:59:59) in
 * Moscow → the moment; the zero date or empty text → null; anything else → undefined.
 */
export function parseMoscowTime(text: string): Date | null | undefined {
  const value = text.trim();
  if (value === '' || value === BOOMSTREAM_ZERO_TIME || value === '0000-00-00') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] =
    m[4] === undefined ? [23, 59, 59] : [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(asUtc);
  if (
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return undefined;
  // Two passes: the offset at the first guess can differ from the offset at the answer when a
  // transition lies between them.
  let utcMs = asUtc - offsetInMs(asUtc);
  utcMs = asUtc - offsetInMs(utcMs);
  return new Date(utcMs);
}
