import { describe, expect, it } from 'vitest';
import { parseIsoTime } from '#api/db/dump-time.ts';

const iso = (text: string): string | undefined => parseIsoTime(text)?.toISOString();

describe('parseIsoTime', () => {
  it('reads what toISOString writes, at the edges too', () => {
    for (const text of [
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '2038-01-19T03:14:08.000Z',
      '9999-12-31T23:59:59.999Z',
      '0001-01-01T00:00:00.000Z',
      '+010000-01-01T00:00:00.000Z',
    ]) {
      expect(iso(text)).toBe(text);
    }
  });

  it('converts offsets to UTC and drops digits past the millisecond', () => {
    expect(iso('2024-09-14T22:24:48+03:00')).toBe('2024-09-14T19:24:48.000Z');
    expect(iso('2024-01-01T00:00:00.5-05:30')).toBe('2024-01-01T05:30:00.500Z');
    expect(iso('2024-01-01T00:00:00.123999Z')).toBe('2024-01-01T00:00:00.123Z');
  });

  it('rejects times that are not real, or not anchored to a zone', () => {
    for (const text of [
      'yesterday',
      '',
      '2024-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T00:60:00Z',
      '2024-01-01T00:00:60Z',
      '2024-13-01T00:00:00Z',
      '2024-01-01T00:00:00',
      '2024-01-01 00:00:00Z',
      '2024-01-01',
      '2024-01-01T00:00:00+24:00',
      '+300000-01-01T00:00:00Z',
    ]) {
      expect(iso(text), text).toBeUndefined();
    }
    expect(iso('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
  });
});
