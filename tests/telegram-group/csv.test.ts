/** The CSV reader under the member and match files. */
import { describe, expect, it } from 'vitest';
import { decodeUtf8, findColumn, parseCsv } from '#api/telegram-group/csv.ts';
import { TelegramGroupError } from '#api/telegram-group/errors.ts';

describe('parseCsv', () => {
  it('detects the delimiter from the header line and keeps quoted delimiters, quotes and newlines', () => {
    const table = parseCsv(
      'id;name\r\n1;"Попов; Алексей"\r\n2;"a ""b"" c"\r\n3;"two\nlines"\r\n4;after\r\n',
    );
    expect(table.delimiter).toBe(';');
    expect(table.headers).toEqual(['id', 'name']);
    expect(table.records).toEqual([
      { line: 2, cells: ['1', 'Попов; Алексей'] },
      { line: 3, cells: ['2', 'a "b" c'] },
      { line: 4, cells: ['3', 'two\nlines'] },
      { line: 6, cells: ['4', 'after'] },
    ]);
  });

  it('skips blank lines and rows of empty cells but keeps counting lines', () => {
    const table = parseCsv('id,name\n\n1,a\n,,\n2,b');
    expect(table.delimiter).toBe(',');
    expect(table.records).toEqual([
      { line: 3, cells: ['1', 'a'] },
      { line: 5, cells: ['2', 'b'] },
    ]);
  });

  it('names the line of a quote that is never closed', () => {
    expect(() => parseCsv('id,name\n1,"open\n2,b\n')).toThrow(
      'line 2: a quoted field is not closed',
    );
  });

  it('finds columns by any of their names, whatever the case, spaces or ё', () => {
    expect(findColumn(['ID', 'First Name', 'Телефон'], ['first_name'])).toBe(1);
    expect(findColumn(['ID', 'First Name', 'Телефон'], ['phone', 'телефон'])).toBe(2);
    expect(findColumn(['Имя', 'Фамилия'], ['фамилия'])).toBe(1);
    expect(findColumn(['id'], ['email'])).toBe(-1);
  });
});

describe('decodeUtf8', () => {
  it('drops the BOM and refuses bytes that are not UTF-8', () => {
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x69, 0x64]), 'a.csv')).toBe('id');
    // "Имя" in Windows-1251.
    expect(() => decodeUtf8(new Uint8Array([0xc8, 0xec, 0xff]), 'a.csv')).toThrow(
      TelegramGroupError,
    );
    expect(() => decodeUtf8(new Uint8Array([0xc8, 0xec, 0xff]), 'a.csv')).toThrow(
      'a.csv: not UTF-8 text',
    );
  });
});
