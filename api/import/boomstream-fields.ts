/**
 * Checks of single cells. Each returns the problem in words (shown after the line and column),
 * or the clean value. The password stays text all the way: read as a number it would lose its
 * leading zeros, and spreadsheets that did exactly that are the commonest source of bad rows.
 */
import { isPlausibleEmail, normalizeEmail } from '../auth/users.ts';
import { hasControlCharacter } from '../input/text.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = (problem: string): Checked<never> => ({ ok: false, problem });

export function checkEmail(cell: string): Checked<string> {
  const raw = cell.trim();
  if (raw === '') return bad('is empty: the email is required');
  const email = normalizeEmail(raw);
  return isPlausibleEmail(email) ? ok(email) : bad(`not a valid email: "${raw}"`);
}

const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i;
const DECIMAL = /^[+-]?\d+[.,]\d+$/;

export function checkPassword(cell: string): Checked<string> {
  const value = cell.trim();
  if (value === '') return bad('is empty: the 9-digit password is required');
  if (/^\d{9}$/.test(value)) return ok(value);
  const got = `must be 9 digits, got "${value}"`;
  if (/^\d+$/.test(value)) return bad(`${got} (${value.length} digits)`);
  if (SCIENTIFIC.test(value))
    return bad(
      `${got} (a number in scientific notation: the spreadsheet rounded it; export the column as text)`,
    );
  if (DECIMAL.test(value))
    return bad(
      `${got} (a decimal number: the spreadsheet treated it as a number; export the column as text)`,
    );
  if (/\p{L}/u.test(value)) return bad(`${got} (it has letters)`);
  return bad(`${got} (it has characters other than digits)`);
}

const NAME_MAX = 100;

/**
 * Trimmed, inner runs of spaces collapsed. Empty is fine — plenty of students give one name —
 * and leaves the stored name alone (undefined); only email and password are required.
 */
export function checkName(cell: string): Checked<string | undefined> {
  if (/[\r\n]/.test(cell)) return bad('has a line break in it (an unbalanced quote?)');
  // Tabs count as spaces; any other control character is a broken export (and PostgreSQL refuses a NUL).
  if (hasControlCharacter(cell.replace(/\t/g, ' '))) return bad('has a control character in it');
  const value = cell.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (value === '') return ok(undefined);
  return value.length > NAME_MAX
    ? bad(`is too long (${value.length} characters, at most ${NAME_MAX})`)
    : ok(value);
}

/**
 * One cell with the whole name. "Имя Фамилия" (`first-last`): the first word is the first name.
 * "Фамилия Имя Отчество" (`last-first`): the first word is the last name and the rest (first
 * name and patronymic) the first name, so nothing is lost. A single word is taken as what the
 * order puts first.
 */
export function splitFullName(
  value: string,
  order: 'first-last' | 'last-first',
): { firstName: string; lastName: string } {
  const [head = '', ...rest] = value.split(' ');
  return order === 'first-last'
    ? { firstName: head, lastName: rest.join(' ') }
    : { firstName: rest.join(' '), lastName: head };
}
