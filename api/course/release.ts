/**
 * Release dates: `available_from: 2026-12-10` (or `2026-12-10 10:00`) is wall-clock time in
 * the course's time zone (TIME_ZONE, default Europe/Moscow); `days_after_start: 7` counts from
 * the student's start. Converting through the IANA zone (not a fixed offset) keeps zones with
 * daylight saving right. Pure functions; tests/watch/release.test.ts.
 */
import { ru } from '../i18n/ru.ts';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/;

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** `2026-12-10` → midnight; `2026-12-10 10:00` → 10:00; anything else → null. */
export function parseLocalDateTime(value: string): LocalDateTime | null {
  const m = LOCAL.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(
    Number,
  ) as [number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCDate() !== day) return null;
  return { year, month, day, hour, minute };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at `instant`, in minutes (Moscow: +180). */
export function zoneOffsetInMinutes(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    wallClockFormatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a wall-clock time in `timeZone` names (the later one when a DST change repeats it). */
export function zonedToInstant(local: LocalDateTime, timeZone: string): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  let instant = guess - zoneOffsetInMinutes(new Date(guess), timeZone) * 60_000;
  // Once more with the offset at the first answer: right across a DST change.
  instant = guess - zoneOffsetInMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** The moment a lesson opens for a student: the later of the calendar date and start + N days. */
export function releaseInstant(
  rule: { availableFrom?: LocalDateTime | null; daysAfterStart?: number | null },
  studentStart: Date | null,
  timeZone: string,
): Date | null {
  const dates: Date[] = [];
  if (rule.availableFrom) dates.push(zonedToInstant(rule.availableFrom, timeZone));
  if (rule.daysAfterStart != null && rule.daysAfterStart > 0) {
    // Without a start (never signed in) the lesson waits: its clock has not begun.
    if (!studentStart) return new Date(8.64e15);
    dates.push(new Date(studentStart.getTime() + rule.daysAfterStart * 86_400_000));
  }
  if (!dates.length) return null;
  return new Date(Math.max(...dates.map((d) => d.getTime())));
}

const RUSSIAN_ZONE_NAMES: Record<string, string> = {
  'Europe/Kaliningrad': 'МСК−1',
  'Europe/Moscow': 'МСК',
  'Europe/Samara': 'МСК+1',
  'Asia/Yekaterinburg': 'МСК+2',
  'Asia/Omsk': 'МСК+3',
  'Asia/Novosibirsk': 'МСК+4',
  'Asia/Krasnoyarsk': 'МСК+4',
  'Asia/Irkutsk': 'МСК+5',
  'Asia/Yakutsk': 'МСК+6',
  'Asia/Vladivostok': 'МСК+7',
  'Asia/Magadan': 'МСК+8',
  'Asia/Kamchatka': 'МСК+9',
};

/**
 * Intl formatters by locale and options, made once: building one costs tens of microseconds and
 * holds ICU memory, and the gate words a release date on every closed answer.
 */
const formatterCache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let f = formatterCache.get(key);
  if (!f) formatterCache.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** The short name students know: МСК, МСК+2, … or GMT+1 elsewhere. */
export function zoneLabel(timeZone: string, at: Date = new Date()): string {
  const known = RUSSIAN_ZONE_NAMES[timeZone];
  if (known) return known;
  const name = formatter('ru-RU', { timeZone, timeZoneName: 'short' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  return name?.value ?? timeZone;
}

/** Every zone is within 14 hours of UTC: away from New Year by more, the UTC year is the zone's. */
const NEAR_NEW_YEAR_IN_MS = 15 * 3_600_000;

/** The year in the zone, by the UTC year when the instant is not near New Year (no Intl call). */
function yearIn(timeZone: string, at: Date): number {
  const t = at.getTime();
  const year = at.getUTCFullYear();
  if (
    t - Date.UTC(year, 0, 1) > NEAR_NEW_YEAR_IN_MS &&
    Date.UTC(year + 1, 0, 1) - t > NEAR_NEW_YEAR_IN_MS
  )
    return year;
  return Number(formatter('en-US', { timeZone, year: 'numeric' }).format(at));
}

/**
 * Worded dates already made, by zone, instant and whether the year is said: the gate words the
 * same few release dates on every closed answer. Bounded; the oldest goes first.
 */
const worded = new Map<string, string>();
const WORDED_LIMIT = 1024;

/** `10 декабря в 10:00 (МСК)`; the year only when it is not this year. */
export function formatReleaseDate(instant: Date, timeZone: string, now: Date = new Date()): string {
  const withYear = yearIn(timeZone, instant) !== yearIn(timeZone, now);
  const key = `${timeZone} ${instant.getTime()} ${withYear ? 'y' : ''}`;
  const known = worded.get(key);
  if (known !== undefined) return known;
  const date = formatter('ru-RU', {
    timeZone,
    day: 'numeric',
    month: 'long',
    ...(withYear ? { year: 'numeric' } : {}),
  }).format(instant);
  const time = formatter('ru-RU', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
  const words = ru.release.dateAt(date, time, zoneLabel(timeZone, instant));
  if (worded.size >= WORDED_LIMIT) worded.delete(worded.keys().next().value!);
  worded.set(key, words);
  return words;
}
