/**
 * The `--match` file: who is who, from the Boomstream side. `users` has no phone or username
 * column yet, so a CSV with an email column plus a phone and/or a Telegram username column
 * (e.g. Boomstream's buyers export with the phone the student gave) says which student a
 * group member is. Phones are compared as digits with the country code, usernames without
 * @ and case.
 */
import { isPlausibleEmail, normalizeEmail } from '../auth/users.ts';
import { decodeUtf8, findColumn, parseCsv, readInputFile } from './csv.ts';
import { MemberFileError, TelegramGroupError } from './errors.ts';
import { cleanUsername, normalizePhone, usernameKey } from './identifiers.ts';

export interface MatchEntry {
  /** Lower-cased, as `users.email` stores it. */
  email: string;
  /** Digits with the country code (see normalizePhone). */
  phone?: string;
  /** Lower-cased, without @ (see usernameKey). */
  username?: string;
  line: number;
}

export const MATCH_COLUMNS = {
  email: ['email', 'e_mail', 'email_address', 'почта', 'электронная_почта', 'емейл'],
  phone: ['phone', 'phone_number', 'телефон', 'номер_телефона'],
  username: ['username', 'telegram', 'telegram_username', 'tg', 'ник', 'юзернейм'],
};

export function parseMatchCsv(text: string, name: string): MatchEntry[] {
  let table;
  try {
    table = parseCsv(text);
  } catch (error) {
    throw new TelegramGroupError(`${name}: ${(error as Error).message}`);
  }
  const email = findColumn(table.headers, MATCH_COLUMNS.email);
  const phone = findColumn(table.headers, MATCH_COLUMNS.phone);
  const username = findColumn(table.headers, MATCH_COLUMNS.username);
  const found = `found: ${table.headers.join(', ') || 'nothing'}`;
  if (email < 0) throw new TelegramGroupError(`${name}: line 1 has no email column (${found})`);
  if (phone < 0 && username < 0)
    throw new TelegramGroupError(
      `${name}: line 1 needs a phone or a username column beside email (${found})`,
    );
  const entries: MatchEntry[] = [];
  for (const { line, cells } of table.records) {
    const cell = (index: number): string => (index >= 0 ? (cells[index] ?? '').trim() : '');
    const fail = (index: number, problem: string): never => {
      throw new MemberFileError(name, `line ${line}`, table.headers[index], problem);
    };
    const entry: MatchEntry = { email: normalizeEmail(cell(email)), line };
    if (!entry.email) fail(email, 'is missing');
    if (!isPlausibleEmail(entry.email)) fail(email, `"${cell(email)}" is not an email address`);
    if (cell(phone))
      entry.phone =
        normalizePhone(cell(phone)) ??
        fail(phone, `"${cell(phone)}" is not a phone number with a country code`);
    if (cell(username))
      entry.username = usernameKey(
        cleanUsername(cell(username)) ??
          fail(username, `"${cell(username)}" is not a Telegram username`),
      );
    // A student without a phone or username cannot be matched, but is no mistake in the file.
    if (entry.phone || entry.username) entries.push(entry);
  }
  return entries;
}

export function readMatchFile(file: string): MatchEntry[] {
  const bytes = readInputFile(file);
  return parseMatchCsv(decodeUtf8(bytes, file), file);
}
