/** Cell checks and row validation: every kind of bad row, reported with its line and column. */
import { describe, expect, it } from 'vitest';
import {
  checkEmail,
  checkName,
  checkPassword,
  splitFullName,
} from '#api/import/boomstream-fields.ts';
import { readBoomstreamCsv } from '#api/import/boomstream-users.ts';
import { fixture, utf8 } from './support/fixtures.ts';

describe('checkPassword', () => {
  it.each([
    ['012345678', '012345678'],
    ['000000001', '000000001'],
    ['  987654321 ', '987654321'],
    ['\u00a0123456789\t', '123456789'],
  ])('accepts %j as %j (text, leading zeros kept)', (cell, value) => {
    expect(checkPassword(cell)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'is empty: the 9-digit password is required'],
    ['   ', 'is empty: the 9-digit password is required'],
    ['12345678', 'must be 9 digits, got "12345678" (8 digits)'],
    ['1234567890', 'must be 9 digits, got "1234567890" (10 digits)'],
    ['12345abcd', 'must be 9 digits, got "12345abcd" (it has letters)'],
    ['пароль123', 'must be 9 digits, got "пароль123" (it has letters)'],
    [
      '1.23457E+08',
      'must be 9 digits, got "1.23457E+08" (a number in scientific notation: the spreadsheet rounded it; export the column as text)',
    ],
    [
      '1,23457e+8',
      'must be 9 digits, got "1,23457e+8" (a number in scientific notation: the spreadsheet rounded it; export the column as text)',
    ],
    [
      '123456789.0',
      'must be 9 digits, got "123456789.0" (a decimal number: the spreadsheet treated it as a number; export the column as text)',
    ],
    ['123 456 789', 'must be 9 digits, got "123 456 789" (it has characters other than digits)'],
    ['-12345678', 'must be 9 digits, got "-12345678" (it has characters other than digits)'],
  ])('rejects %j', (cell, problem) => {
    expect(checkPassword(cell)).toEqual({ ok: false, problem });
  });
});

describe('checkEmail', () => {
  it('lower-cases and trims', () => {
    expect(checkEmail('  Olga.Smirnova@Example.RU ')).toEqual({
      ok: true,
      value: 'olga.smirnova@example.ru',
    });
  });

  it.each([
    ['', 'is empty: the email is required'],
    ['ivan.petrov@example', 'not a valid email: "ivan.petrov@example"'],
    ['ivan petrov@example.ru', 'not a valid email: "ivan petrov@example.ru"'],
    ['@example.ru', 'not a valid email: "@example.ru"'],
  ])('rejects %j', (cell, problem) => {
    expect(checkEmail(cell)).toEqual({ ok: false, problem });
  });
});

describe('names', () => {
  it('trims and collapses inner spaces; empty is no name (left alone); multi-line, control characters and overlong names are refused', () => {
    expect(checkName('  Анна   Мария ')).toEqual({ ok: true, value: 'Анна Мария' });
    expect(checkName(' ')).toEqual({ ok: true, value: undefined });
    expect(checkName('')).toEqual({ ok: true, value: undefined });
    expect(checkName('Анна\tМария')).toEqual({ ok: true, value: 'Анна Мария' });
    expect(checkName('Ан\u0000на')).toEqual({
      ok: false,
      problem: 'has a control character in it',
    });
    expect(checkName('Ан\u007fна')).toEqual({
      ok: false,
      problem: 'has a control character in it',
    });
    expect(checkName('Иван\nПетров')).toEqual({
      ok: false,
      problem: 'has a line break in it (an unbalanced quote?)',
    });
    expect(checkName('Я'.repeat(101))).toEqual({
      ok: false,
      problem: 'is too long (101 characters, at most 100)',
    });
  });

  it.each([
    ['Анна Кузнецова', 'first-last', { firstName: 'Анна', lastName: 'Кузнецова' }],
    ['Анна Мария Кузнецова', 'first-last', { firstName: 'Анна', lastName: 'Мария Кузнецова' }],
    ['Мария', 'first-last', { firstName: 'Мария', lastName: '' }],
    ['Иванов Иван Иванович', 'last-first', { firstName: 'Иван Иванович', lastName: 'Иванов' }],
    ['Петрова Мария', 'last-first', { firstName: 'Мария', lastName: 'Петрова' }],
    ['Сидоров', 'last-first', { firstName: '', lastName: 'Сидоров' }],
  ] as const)('splits %j (%s)', (value, order, expected) => {
    expect(splitFullName(value, order)).toEqual(expected);
  });
});

describe('validating the rows of a file', () => {
  it('reports every kind of broken row with its line, column and what is wrong', () => {
    const read = readBoomstreamCsv(fixture('users-broken.csv'));
    expect(read.rejected.map((r) => r.message)).toEqual([
      'line 3, column "E-mail" (1): not a valid email: "dmitry.sokolov@example"',
      'line 5, column "Пароль" (4): must be 9 digits, got "12345abcd" (it has letters)',
      'line 6, column "Пароль" (4): must be 9 digits, got "1.23457E+08" (a number in scientific notation: the spreadsheet rounded it; export the column as text)',
      'line 7, column "Пароль" (4): must be 9 digits, got "12345678" (8 digits)',
      'line 8, column "Пароль" (4): must be 9 digits, got "1234567890" (10 digits)',
      'line 9, column "Пароль" (4): is empty: the 9-digit password is required',
      'line 11, column "E-mail" (1): duplicate of line 4 ("olga.smirnova@example.ru")',
      'line 12: 3 cell(s), the header has 4',
      'line 13: 5 cell(s), the header has 4',
      'line 14: unbalanced quote: the quote that opens cell 2 is never closed',
      'line 16, column "E-mail" (1): not a valid email: "not-an-email"; column "Пароль" (4): must be 9 digits, got "98765" (5 digits)',
      'line 17, column "E-mail" (1): is empty: the email is required',
      'line 18, column "Пароль" (4): must be 9 digits, got "123456789.0" (a decimal number: the spreadsheet treated it as a number; export the column as text)',
    ]);
    expect(read.rows).toEqual([
      {
        line: 2,
        email: 'anna.kuznetsova@example.ru',
        firstName: 'Анна',
        lastName: 'Кузнецова',
        password: '012345678',
      },
      {
        line: 4,
        email: 'olga.smirnova@example.ru',
        firstName: 'Ольга',
        lastName: 'Смирнова',
        password: '345678912',
      },
      // No last name: a student all the same (it used to refuse the whole file).
      { line: 10, email: 'elena.popova@example.ru', firstName: 'Елена', password: '456789123' },
      {
        line: 15,
        email: 'ekaterina.pavlova@example.ru',
        firstName: 'Екатерина',
        lastName: 'Павлова',
        password: '001122334',
      },
    ]);
    // The detail is the message without its line, for the dry run's per-row listing.
    expect(read.rows[2]).not.toHaveProperty('lastName', '');
    expect(read.rejected[3]).toEqual({
      line: 7,
      detail: 'column "Пароль" (4): must be 9 digits, got "12345678" (8 digits)',
      message: 'line 7, column "Пароль" (4): must be 9 digits, got "12345678" (8 digits)',
    });
  });

  it('names a duplicate by the first line that had the email, whatever its case', () => {
    const read = readBoomstreamCsv(
      utf8(
        'Email;Код\nA@Example.ru;111111111\nb@example.ru;222222222\na@EXAMPLE.RU;333333333\nA@example.RU;444444444\n',
      ),
    );
    expect(read.rejected.map((r) => r.message)).toEqual([
      'line 4, column "Email" (1): duplicate of line 2 ("a@example.ru")',
      'line 5, column "Email" (1): duplicate of line 2 ("a@example.ru")',
    ]);
    expect(read.rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('points at an unbalanced quote that swallowed the following lines', () => {
    const header = 'Email,Имя,Фамилия,Код\n';
    const sameCount = readBoomstreamCsv(
      utf8(
        `${header}ivan@example.ru,"Иван,Петров,111111111\npetr@example.ru,Пётр",Сидоров,222222222\nolga@example.ru,Ольга,Смирнова,333333333\n`,
      ),
    );
    expect(sameCount.rejected.map((r) => r.message)).toEqual([
      'line 2, column "Имя" (2): has a line break in it (an unbalanced quote?)',
    ]);
    expect(sameCount.rows.map((r) => r.email)).toEqual(['olga@example.ru']);
    const otherCount = readBoomstreamCsv(
      utf8(
        `${header}ivan@example.ru,"Иван,Петров,111111111\npetr@example.ru,Пётр Сидоров",222222222\n`,
      ),
    );
    expect(otherCount.rejected.map((r) => r.message)).toEqual([
      'line 2: 3 cell(s), the header has 4 (the row runs on to line 3: an unbalanced quote?)',
    ]);
  });

  it('skips rows of empty cells and tolerates empty cells past the header', () => {
    const read = readBoomstreamCsv(utf8('Email;Код\n;\nanna@example.ru;012345678;;\n  ;  \n'));
    expect(read.rejected).toEqual([]);
    expect(read.rows).toEqual([{ line: 3, email: 'anna@example.ru', password: '012345678' }]);
  });

  it('refuses files it cannot use at all', () => {
    expect(() => readBoomstreamCsv(utf8(''))).toThrow('the file is empty');
    expect(() => readBoomstreamCsv(utf8('Email,Пароль\n'))).toThrow(
      'the file has a header but no rows',
    );
    expect(() => readBoomstreamCsv(utf8('"Email,Пароль\nanna@example.ru,012345678\n'))).toThrow(
      'line 1 (the first line): unbalanced quote: the quote that opens cell 1 is never closed',
    );
    expect(() =>
      readBoomstreamCsv(utf8('Email,Пароль\nanna@example.ru,012345678\n'), { columns: 'phone=1' }),
    ).toThrow(/unknown field "phone"/);
  });
});
