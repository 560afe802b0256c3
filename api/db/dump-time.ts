/**
 * Times in dumps: written as `Date#toISOString()` (UTC, milliseconds), read back strictly.
 * `Date.parse` alone will not do: it rolls 2024-02-30 over to March 1 and accepts local times,
 * which would silently shift by the loading machine's time zone.
 */

// An ISO-8601 date-time with an explicit zone; years as `toISOString` writes them (±YYYYYY past 9999).
const ISO_TIME =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** The largest time a JavaScript Date holds (±100,000,000 days around 1970). */
const MAX_TIME = 8.64e15;

/** The instant `text` names, or undefined when it is not a valid ISO-8601 time with a zone. */
export function parseIsoTime(text: string): Date | undefined {
  const m = ISO_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Sub-millisecond digits are dropped, as PostgreSQL's timestamp(3) and Date would drop them.
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const zone = m[8] ?? 'Z';
  const wall = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 onto 1900–1999.
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, millis);
  const fieldsKept =
    wall.getUTCFullYear() === year &&
    wall.getUTCMonth() === month - 1 &&
    wall.getUTCDate() === day &&
    wall.getUTCHours() === hour &&
    wall.getUTCMinutes() === minute &&
    wall.getUTCSeconds() === second;
  if (!fieldsKept) return undefined;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const zoneHours = Number(zone.slice(1, 3));
    const zoneMinutes = Number(zone.slice(4, 6));
    if (zoneHours > 23 || zoneMinutes > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  }
  const time = wall.getTime() - offsetMinutes * 60_000;
  return Number.isFinite(time) && Math.abs(time) <= MAX_TIME ? new Date(time) : undefined;
}
