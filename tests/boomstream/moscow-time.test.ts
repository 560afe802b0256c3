import { describe, expect, it } from 'vitest';
import { formatMoscowTime, parseMoscowTime } from '#api/boomstream/moscow-time.ts';

describe('Moscow wall-clock time for Boomstream dates', () => {
  it.each([
    ['2026-03-01T09:00:00.999Z', '2026-03-01 12:00:00'],
    ['2026-12-31T22:30:05Z', '2027-01-01 01:30:05'],
    // +04:00 from 2011 to 2014, and DST before that: the IANA zone, not a fixed +03:00.
    ['2012-06-01T12:00:00Z', '2012-06-01 16:00:00'],
    ['2010-01-15T12:00:00Z', '2010-01-15 15:00:00'],
    ['2010-07-15T12:00:00Z', '2010-07-15 16:00:00'],
  ])('formats %s as %s', (iso, text) => {
    expect(formatMoscowTime(new Date(iso))).toBe(text);
    expect(parseMoscowTime(text)?.toISOString()).toBe(
      new Date(Math.floor(new Date(iso).getTime() / 1000) * 1000).toISOString(),
    );
  });

  it('reads the zero date and empty text as no date, a bare date as 23:59:59', () => {
    expect(parseMoscowTime('0000-00-00 00:00:00')).toBeNull();
    expect(parseMoscowTime('')).toBeNull();
    expect(parseMoscowTime('2100-12-12')?.toISOString()).toBe('2100-12-12T20:59:59.000Z');
    expect(parseMoscowTime('2026-03-01 9:05:00')?.toISOString()).toBe('2026-03-01T06:05:00.000Z');
  });

  it('rejects what is not a date', () => {
    for (const text of [
      'tomorrow',
      '2026-02-30 10:00:00',
      '2026-13-01 10:00:00',
      '2026-01-01 24:00:00',
      '01.03.2026',
    ]) {
      expect(parseMoscowTime(text)).toBeUndefined();
    }
    expect(() => formatMoscowTime(new Date(Number.NaN))).toThrow();
  });
});
