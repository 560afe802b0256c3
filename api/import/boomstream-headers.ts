/**
 * The header names the Boomstream users import recognises, in Russian and English. Compared by
 * `headerKey`: case, spaces, punctuation and ё/е do not matter, so "E-mail", "email" and
 * "Эл. почта" all match their entries below.
 */

/** `name`: one cell "Имя Фамилия"; `fio`: one cell "Фамилия Имя [Отчество]". */
export type ColumnField = 'email' | 'password' | 'first' | 'last' | 'name' | 'fio';

export const COLUMN_FIELDS: readonly ColumnField[] = [
  'email',
  'password',
  'first',
  'last',
  'name',
  'fio',
];

export const FIELD_LABELS: Readonly<Record<ColumnField, string>> = {
  email: 'email',
  password: 'password',
  first: 'first name',
  last: 'last name',
  name: 'full name, first name first',
  fio: 'full name, last name first',
};

/** As shown in --help; matching uses their keys. */
export const HEADER_NAMES: Readonly<Record<ColumnField, readonly string[]>> = {
  email: [
    'Email',
    'E-mail',
    'Mail',
    'Email address',
    'Почта',
    'Электронная почта',
    'Эл. почта',
    'Адрес электронной почты',
    'Электронный адрес',
    'Емейл',
    'Имейл',
  ],
  password: [
    'Password',
    'Code',
    'Recovery code',
    'Access code',
    'Пароль',
    'Код',
    'Код доступа',
    'Код восстановления',
  ],
  first: ['First name', 'Given name', 'Имя'],
  last: ['Last name', 'Surname', 'Family name', 'Фамилия'],
  name: ['Name', 'Full name', 'Имя Фамилия', 'Имя и фамилия'],
  fio: ['ФИО', 'Фамилия Имя', 'Фамилия и имя', 'Фамилия Имя Отчество'],
};

/** "Эл. почта " → "элпочта"; "Ф.И.О." → "фио". */
export function headerKey(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const FIELD_BY_KEY = new Map<string, ColumnField>(
  COLUMN_FIELDS.flatMap((field) =>
    HEADER_NAMES[field].map((name) => [headerKey(name), field] as const),
  ),
);

/** The field a header names, or undefined for a column the import does not use. */
export function fieldForHeader(header: string): ColumnField | undefined {
  return FIELD_BY_KEY.get(headerKey(header));
}

/** Keys accepted on the left of `--columns key=…`, with the spellings people type. */
const OPTION_KEYS: Readonly<Record<string, ColumnField>> = {
  email: 'email',
  mail: 'email',
  password: 'password',
  code: 'password',
  first: 'first',
  firstname: 'first',
  last: 'last',
  lastname: 'last',
  name: 'name',
  fullname: 'name',
  fio: 'fio',
};

export function fieldForOptionKey(key: string): ColumnField | undefined {
  return OPTION_KEYS[headerKey(key)];
}
