/** Which column is which: header names in Russian and English, and the --columns mapping. */
import { describe, expect, it } from 'vitest';
import {
  describeColumn,
  parseColumnsOption,
  resolveLayout,
} from '#api/import/boomstream-columns.ts';
import { fieldForHeader, headerKey } from '#api/import/boomstream-headers.ts';

/** field → 1-based column, for compact expectations. */
function columnsOf(
  header: string[],
  mapping?: Parameters<typeof resolveLayout>[1],
): Record<string, number | string> {
  const layout = resolveLayout(header, mapping);
  const out: Record<string, number | string> = {
    email: layout.email.index + 1,
    password: layout.password.index + 1,
  };
  if (layout.first) out.first = layout.first.index + 1;
  if (layout.last) out.last = layout.last.index + 1;
  if (layout.fullName) out[layout.fullName.order] = layout.fullName.index + 1;
  if (layout.ignored.length) out.ignored = layout.ignored.map((r) => r.index + 1).join(',');
  return out;
}

describe('header names', () => {
  it.each([
    ['Email', 'email'],
    ['E-mail', 'email'],
    [' E-MAIL ', 'email'],
    ['e_mail', 'email'],
    ['Почта', 'email'],
    ['Электронная почта', 'email'],
    ['Эл. почта', 'email'],
    ['Адрес электронной почты', 'email'],
    ['Password', 'password'],
    ['Пароль', 'password'],
    ['Код', 'password'],
    ['Код доступа', 'password'],
    ['Recovery code', 'password'],
    ['First name', 'first'],
    ['FirstName', 'first'],
    ['Имя', 'first'],
    ['Last name', 'last'],
    ['Фамилия', 'last'],
    ['Name', 'name'],
    ['Имя Фамилия', 'name'],
    ['Имя и фамилия', 'name'],
    ['ФИО', 'fio'],
    ['Ф.И.О.', 'fio'],
    ['Фамилия, имя', 'fio'],
    ['Фамилия Имя Отчество', 'fio'],
    ['Телефон', undefined],
    ['Дата регистрации', undefined],
    ['', undefined],
  ])('%j → %s', (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  it('ignores case, spaces, punctuation and ё', () => {
    expect(headerKey('  Фамилия,  Имя  ')).toBe(headerKey('фамилия имя'));
    expect(headerKey('Ёлка')).toBe('елка');
  });
});

describe('resolveLayout from the header', () => {
  it.each([
    [
      'English',
      ['Email', 'First name', 'Last name', 'Password'],
      { email: 1, first: 2, last: 3, password: 4 },
    ],
    [
      'Russian, other order, an extra column',
      ['Фамилия', 'Имя', 'Адрес электронной почты', 'Пароль', 'Телефон'],
      { email: 3, first: 2, last: 1, password: 4, ignored: '5' },
    ],
    [
      'one "Имя Фамилия" column',
      ['Имя Фамилия', 'E-mail', 'Код'],
      { email: 2, 'first-last': 1, password: 3 },
    ],
    ['one ФИО column', ['ФИО', 'Почта', 'Пароль'], { email: 2, 'last-first': 1, password: 3 }],
    ['no name column', ['Email', 'Password'], { email: 1, password: 2 }],
    [
      'first/last win over a full-name column',
      ['ФИО', 'Имя', 'Фамилия', 'Email', 'Код'],
      { email: 4, first: 2, last: 3, password: 5, ignored: '1' },
    ],
  ])('%s', (_name, header, expected) => {
    expect(columnsOf(header)).toEqual(expected);
  });

  it('explains a missing email or password column, listing the headers', () => {
    expect(() => resolveLayout(['Имя', 'Контакт', 'Пароль'])).toThrow(
      'no email column: the header has "Имя" (1), "Контакт" (2), "Пароль" (3); name it with --columns email=N (see --help for the header names recognised)',
    );
    expect(() => resolveLayout(['Email', 'Имя'])).toThrow(
      /^no password column: the header has "Email" \(1\), "Имя" \(2\);/,
    );
  });

  it('refuses two columns that could be the same field', () => {
    expect(() => resolveLayout(['Email', 'Почта', 'Код'])).toThrow(
      '2 columns could be the email: "Email" (1) and "Почта" (2); choose one with --columns email=N',
    );
    expect(() => resolveLayout(['Name', 'ФИО', 'Email', 'Код'])).toThrow(
      /both "Name" and "ФИО" hold a full name/,
    );
  });

  it('refuses a first line that is data rather than headers', () => {
    expect(() => resolveLayout(['anna@example.ru', 'Анна', '012345678'])).toThrow(
      /^the first line holds data, not column names; give the columns by number/,
    );
  });

  it('describes columns by header and 1-based number', () => {
    const layout = resolveLayout(['Фамилия', 'Имя', 'Почта', 'Пароль']);
    expect(describeColumn(layout.password)).toBe('column "Пароль" (4)');
  });
});

describe('--columns', () => {
  it.each([
    ['email=3,first=1,last=2,password=4', { email: 3, first: 1, last: 2, password: 4 }],
    ['email=Почта, password = Код доступа', { email: 'Почта', password: 'Код доступа' }],
    ['E-mail=2,code=5,FIO=1', { email: 2, password: 5, fio: 1 }],
    ['first_name=1,LastName=2,full name=3', { first: 1, last: 2, name: 3 }],
  ])('parses %j', (spec, expected) => {
    expect(parseColumnsOption(spec)).toEqual(expected);
  });

  it.each([
    ['email', '--columns: "email" is not field=column (e.g. email=3 or email=Почта)'],
    ['email=', '--columns: "email=" is not field=column (e.g. email=3 or email=Почта)'],
    ['phone=3', '--columns: unknown field "phone"; use email, password, first, last, name, fio'],
    ['email=1,mail=2', '--columns: email is given twice'],
    ['email=0', '--columns: email=0: columns are numbered from 1'],
  ])('refuses %j', (spec, message) => {
    expect(() => parseColumnsOption(spec)).toThrow(message);
  });

  it('maps by header name, by number, and finds the other fields by header', () => {
    const header = ['№', 'Клиент', 'Контакт', 'Доступ', 'Фамилия'];
    expect(columnsOf(header, parseColumnsOption('email=Контакт,password=4'))).toEqual({
      email: 3,
      password: 4,
      last: 5,
      ignored: '1,2',
    });
    // A full-name column given in --columns wins over a last-name column found by its header.
    expect(
      columnsOf(header, parseColumnsOption('email=контакт,password=ДОСТУП,name=Клиент')),
    ).toEqual({ email: 3, password: 4, 'first-last': 2, ignored: '1,5' });
    expect(
      columnsOf(
        ['№', 'Клиент', 'Контакт', 'Доступ'],
        parseColumnsOption('email=Контакт,password=Доступ,name=Клиент'),
      ),
    ).toEqual({ email: 3, password: 4, 'first-last': 2, ignored: '1' });
  });

  it('a mapping overrides the header names', () => {
    expect(columnsOf(['Email', 'Email (старый)', 'Код'], parseColumnsOption('email=2'))).toEqual({
      email: 2,
      password: 3,
      ignored: '1',
    });
    expect(columnsOf(['Email', 'Почта', 'Код'], parseColumnsOption('email=Почта'))).toEqual({
      email: 2,
      password: 3,
      ignored: '1',
    });
  });

  it('reads a file without a header row when the email column (by number) holds an email', () => {
    const layout = resolveLayout(
      ['anna@example.ru', 'Анна', 'Кузнецова', '012345678'],
      parseColumnsOption('email=1,first=2,last=3,password=4'),
    );
    expect(layout.hasHeader).toBe(false);
    expect(layout.ignored).toEqual([]);
    expect(describeColumn(layout.password)).toBe('column 4');
    expect(() =>
      resolveLayout(['anna@example.ru', '012345678'], parseColumnsOption('email=1,password=Код')),
    ).toThrow(
      '--columns password=Код: the first line holds data, not headers, so give columns by number',
    );
  });

  it.each([
    ['email=7,password=1', '--columns email=7: the first line has only 3 column(s)'],
    [
      'email=Почта,password=1',
      '--columns email=Почта: no such column; the header has "Контакт" (1), "Код" (2), "Код" (3)',
    ],
    [
      'email=1,password=Код',
      '--columns password=Код: 2 columns have that name; give its number instead',
    ],
    ['email=1,password=1', '--columns: email and password both name column 1'],
    ['email=1,password=2,first=3,name=3', '--columns: first and name both name column 3'],
  ])('refuses %j against an awkward header', (spec, message) => {
    expect(() => resolveLayout(['Контакт', 'Код', 'Код'], parseColumnsOption(spec))).toThrow(
      message,
    );
  });

  it('refuses first/last together with a full-name column in one mapping', () => {
    expect(() =>
      resolveLayout(['Имя', 'Клиент', 'Email', 'Код'], parseColumnsOption('first=1,name=Клиент')),
    ).toThrow('--columns: give either first/last or name/fio, not both');
  });
});
