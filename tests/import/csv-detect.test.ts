/** Encoding and delimiter detection: what Excel and LibreOffice save on a Russian machine. */
import { describe, expect, it } from 'vitest';
import { decodeCsv, detectDelimiter, parseEncodingName } from '#api/import/csv-detect.ts';
import { encodeWindows1251 } from './support/windows-1251.ts';

const TEXT = 'Почта;Имя;Фамилия;Пароль\nartyom@example.ru;Артём;Ёлкин;012345678\n';
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const withBom = (bytes: Uint8Array): Uint8Array => Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]);

describe('decodeCsv', () => {
  it.each([
    ['UTF-8 without BOM', utf8(TEXT), { text: TEXT, encoding: 'utf-8', bom: false }],
    [
      'UTF-8 with BOM (the BOM is removed)',
      withBom(utf8(TEXT)),
      { text: TEXT, encoding: 'utf-8', bom: true },
    ],
    [
      'Windows-1251 (not valid UTF-8)',
      encodeWindows1251(TEXT),
      { text: TEXT, encoding: 'windows-1251', bom: false },
    ],
    [
      'plain ASCII reads as UTF-8',
      utf8('email,code\n'),
      { text: 'email,code\n', encoding: 'utf-8', bom: false },
    ],
  ])('%s', (_name, bytes, expected) => {
    expect(decodeCsv(bytes)).toEqual(expected);
  });

  it('obeys a forced encoding', () => {
    const bytes = encodeWindows1251(TEXT);
    expect(decodeCsv(bytes, 'windows-1251').text).toBe(TEXT);
    // UTF-8 text forced to Windows-1251 gives mojibake, as asked.
    expect(decodeCsv(utf8('Имя'), 'windows-1251').text).toBe('Р\u0098РјСЏ');
    expect(() => decodeCsv(bytes, 'utf-8')).toThrow(
      'the file is not valid UTF-8 (try --encoding windows-1251)',
    );
    expect(() => decodeCsv(withBom(utf8(TEXT)), 'windows-1251')).toThrow(
      /starts with a UTF-8 byte order mark/,
    );
  });

  it('refuses UTF-16 with a hint', () => {
    expect(() => decodeCsv(Uint8Array.from([0xff, 0xfe, 0x41, 0x00]))).toThrow(/UTF-16.*CSV UTF-8/);
  });

  it.each([
    ['utf-8', 'utf-8'],
    ['UTF8', 'utf-8'],
    ['windows-1251', 'windows-1251'],
    ['CP1251', 'windows-1251'],
    ['koi8-r', null],
  ])('parseEncodingName(%s)', (name, expected) => {
    expect(parseEncodingName(name)).toBe(expected);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['commas', 'Email,First name,Last name,Password\na;b;c;d;e;f\n', ','],
    ['semicolons', 'Почта;Имя;Фамилия;Пароль\n', ';'],
    ['semicolons with a comma in a header', 'Фамилия, имя;Почта;Код\n', ';'],
    ['commas inside quotes do not count', '"Фамилия, имя, отчество";"Почта";"Код"\n', ';'],
    ['semicolons inside quotes do not count', '"a;b;c",email,code\n', ','],
    ['a header spanning lines inside quotes', '"Почта\n(рабочая)";Код;Имя, фамилия\n', ';'],
    ['a single column defaults to commas', 'email\n', ','],
    ['a BOM before the header', '\uFEFFEmail;Password\n', ';'],
  ])('%s', (_name, text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});
