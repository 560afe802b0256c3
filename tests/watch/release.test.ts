import { describe, expect, it } from 'vitest';
import {
  formatReleaseDate,
  parseLocalDateTime,
  releaseInstant,
  zonedToInstant,
  zoneLabel,
} from '#api/course/release.ts';

describe('parseLocalDateTime', () => {
  it.each([
    ['2026-12-10', { year: 2026, month: 12, day: 10, hour: 0, minute: 0 }],
    ['2026-12-10 10:00', { year: 2026, month: 12, day: 10, hour: 10, minute: 0 }],
    ['2026-12-10T23:59', { year: 2026, month: 12, day: 10, hour: 23, minute: 59 }],
    [' 2024-02-29 ', { year: 2024, month: 2, day: 29, hour: 0, minute: 0 }],
  ])('%s', (value, expected) => expect(parseLocalDateTime(value)).toEqual(expected));

  it.each([
    '2026-02-29',
    '2026-13-01',
    '2026-12-10 24:00',
    '2026-12-10 10:60',
    '10.12.2026',
    '2026-12-10T10:00Z',
    '',
  ])('refuses %j', (value) => {
    expect(parseLocalDateTime(value)).toBeNull();
  });
});

describe('zonedToInstant', () => {
  it.each([
    [
      'Moscow, no DST: 10:00 МСК is 07:00 UTC',
      '2026-12-10 10:00',
      'Europe/Moscow',
      '2026-12-10T07:00:00.000Z',
    ],
    [
      'Moscow in summer is still +3',
      '2026-07-01 00:00',
      'Europe/Moscow',
      '2026-06-30T21:00:00.000Z',
    ],
    ['Yekaterinburg +5', '2026-12-10 10:00', 'Asia/Yekaterinburg', '2026-12-10T05:00:00.000Z'],
    ['Berlin in winter +1', '2026-12-10 10:00', 'Europe/Berlin', '2026-12-10T09:00:00.000Z'],
    ['Berlin in summer +2', '2026-07-10 10:00', 'Europe/Berlin', '2026-07-10T08:00:00.000Z'],
    [
      'Berlin, the hour that does not exist (02:30 on the spring change) lands after it',
      '2026-03-29 02:30',
      'Europe/Berlin',
      '2026-03-29T01:30:00.000Z',
    ],
    ['UTC', '2026-12-10 00:00', 'UTC', '2026-12-10T00:00:00.000Z'],
  ])('%s', (_name, local, zone, expected) => {
    expect(zonedToInstant(parseLocalDateTime(local)!, zone).toISOString()).toBe(expected);
  });
});

describe('releaseInstant', () => {
  const start = new Date('2026-12-01T12:34:00Z');
  it.each([
    ['no rule', {}, start, null],
    [
      'a date only',
      { availableFrom: parseLocalDateTime('2026-12-10') },
      start,
      '2026-12-09T21:00:00.000Z',
    ],
    ['days after the start only', { daysAfterStart: 7 }, start, '2026-12-08T12:34:00.000Z'],
    [
      'both: the later wins (the date)',
      { availableFrom: parseLocalDateTime('2026-12-10'), daysAfterStart: 7 },
      start,
      '2026-12-09T21:00:00.000Z',
    ],
    [
      'both: the later wins (the start)',
      { availableFrom: parseLocalDateTime('2026-12-02'), daysAfterStart: 7 },
      start,
      '2026-12-08T12:34:00.000Z',
    ],
    [
      'days after start without a start: not yet, with no date to show',
      { daysAfterStart: 7 },
      null,
      '+275760-09-13T00:00:00.000Z',
    ],
  ])('%s', (_name, rule, studentStart, expected) => {
    const instant = releaseInstant(rule, studentStart, 'Europe/Moscow');
    expect(instant === null ? null : instant.toISOString()).toBe(expected);
  });

  it('opens at the boundary minute, not a minute before', () => {
    const at = releaseInstant(
      { availableFrom: parseLocalDateTime('2026-12-10 10:00') },
      null,
      'Europe/Moscow',
    )!;
    expect(new Date('2026-12-10T06:59:59.999Z') < at).toBe(true);
    expect(new Date('2026-12-10T07:00:00.000Z') >= at).toBe(true);
  });
});

describe('formatReleaseDate', () => {
  const now = new Date('2026-12-02T09:00:00Z');
  it.each([
    ['Moscow', '2026-12-10T07:00:00Z', 'Europe/Moscow', '10 декабря в 10:00 (МСК)'],
    [
      'midnight Moscow is the evening before in UTC',
      '2026-12-09T21:00:00Z',
      'Europe/Moscow',
      '10 декабря в 00:00 (МСК)',
    ],
    ['Yekaterinburg', '2026-12-10T05:00:00Z', 'Asia/Yekaterinburg', '10 декабря в 10:00 (МСК+2)'],
    [
      'next year shows the year',
      '2027-01-15T07:00:00Z',
      'Europe/Moscow',
      '15 января 2027 г. в 10:00 (МСК)',
    ],
  ])('%s', (_name, iso, zone, expected) => {
    expect(formatReleaseDate(new Date(iso), zone, now)).toBe(expected);
  });

  it.each([
    // 22:00 UTC on 31 December is already New Year in Moscow: the same year as the date.
    ['2026-12-31T22:00:00Z', '2027-01-01T07:00:00Z', 'Europe/Moscow', '1 января в 10:00 (МСК)'],
    [
      '2026-12-31T20:00:00Z',
      '2027-01-01T07:00:00Z',
      'Europe/Moscow',
      '1 января 2027 г. в 10:00 (МСК)',
    ],
    // And the date itself a New Year's night away from UTC's year.
    [
      '2026-12-02T09:00:00Z',
      '2026-12-31T21:30:00Z',
      'Europe/Moscow',
      '1 января 2027 г. в 00:30 (МСК)',
    ],
    [
      '2026-12-02T09:00:00Z',
      '2026-12-31T21:30:00Z',
      'America/New_York',
      '31 декабря в 16:30 (GMT-5)',
    ],
  ])(
    'says the year by the zone’s calendar near New Year (now %s, date %s, %s)',
    (nowIso, iso, zone, expected) => {
      expect(formatReleaseDate(new Date(iso), zone, new Date(nowIso))).toBe(expected);
      // Asked again (the worded dates are remembered): the same, and with the year when it changes.
      expect(formatReleaseDate(new Date(iso), zone, new Date(nowIso))).toBe(expected);
    },
  );

  it('names zones outside Russia by their offset', () => {
    expect(zoneLabel('Europe/Berlin', new Date('2026-12-10T00:00:00Z'))).toBe('GMT+1');
  });
});
