/**
 * Turns parsed CSV records into import rows or rejected rows. Every rejection names the line
 * (as an editor shows it) and, when one cell is at fault, the column by header and number.
 */
import {
  checkEmail,
  checkName,
  checkPassword,
  splitFullName,
  type Checked,
} from './boomstream-fields.ts';
import { describeColumn, type ColumnRef, type CsvLayout } from './boomstream-columns.ts';
import type { CsvRecord, CsvSyntaxProblem } from './csv-parse.ts';

export interface ImportRow {
  line: number;
  /** Lower-cased. */
  email: string;
  /** Exactly 9 digits, as text. */
  password: string;
  /** Absent when the file has no column for it: the stored value is then left alone. */
  firstName?: string;
  lastName?: string;
}

export interface RejectedRow {
  line: number;
  /** What is wrong, without the line: `column "Пароль" (4): must be 9 digits, …`. */
  detail: string;
  /** The whole report line: `line 7, column "Пароль" (4): must be 9 digits, …`. */
  message: string;
}

export interface ValidatedRows {
  rows: ImportRow[];
  rejected: RejectedRow[];
}

function rowProblem(line: number, detail: string): RejectedRow {
  return { line, detail, message: `line ${line}: ${detail}` };
}

function cellCountProblem(record: CsvRecord, layout: CsvLayout): string | null {
  const { cells } = record;
  const extraAreEmpty = cells.slice(layout.width).every((c) => c.trim() === '');
  // Spreadsheets often end rows with stray separators; empty cells past the header are harmless.
  if (cells.length === layout.width || (cells.length > layout.width && extraAreEmpty)) return null;
  const reference = layout.hasHeader ? 'the header has' : 'the first line has';
  const spans =
    record.endLine > record.line
      ? ` (the row runs on to line ${record.endLine}: an unbalanced quote?)`
      : '';
  return `${cells.length} cell(s), ${reference} ${layout.width}${spans}`;
}

/** Checks one record's cells; `seen` maps each email to the line that first had it. */
function checkRecord(
  record: CsvRecord,
  layout: CsvLayout,
  seen: Map<string, number>,
): ImportRow | RejectedRow {
  const problems: string[] = [];
  const take = <T>(ref: ColumnRef, checked: Checked<T>): T | undefined => {
    if (checked.ok) return checked.value;
    problems.push(`${describeColumn(ref)}: ${checked.problem}`);
    return undefined;
  };
  const cell = (ref: ColumnRef): string => record.cells[ref.index] ?? '';
  const email = take(layout.email, checkEmail(cell(layout.email)));
  if (email !== undefined) {
    const first = seen.get(email);
    if (first !== undefined)
      problems.push(`${describeColumn(layout.email)}: duplicate of line ${first} ("${email}")`);
    else seen.set(email, record.line);
  }
  const row: Partial<ImportRow> = { line: record.line, email };
  if (layout.first) row.firstName = take(layout.first, checkName(cell(layout.first)));
  if (layout.last) row.lastName = take(layout.last, checkName(cell(layout.last)));
  if (layout.fullName) {
    const whole = take(layout.fullName, checkName(cell(layout.fullName)));
    if (whole !== undefined) Object.assign(row, splitFullName(whole, layout.fullName.order));
  }
  row.password = take(layout.password, checkPassword(cell(layout.password)));
  if (problems.length === 0) return row as ImportRow;
  const detail = problems.join('; ');
  return { line: record.line, detail, message: `line ${record.line}, ${detail}` };
}

/** `records` are the data records (header excluded); `syntax` the parser's problems. */
export function validateRecords(
  records: readonly CsvRecord[],
  syntax: readonly CsvSyntaxProblem[],
  layout: CsvLayout,
): ValidatedRows {
  const rows: ImportRow[] = [];
  const rejected: RejectedRow[] = syntax.map((p) => rowProblem(p.line, p.message));
  const seen = new Map<string, number>();
  for (const record of records) {
    // A row of empty cells (";;;" at the end of an Excel export) is not a student.
    if (record.cells.every((c) => c.trim() === '')) continue;
    const count = cellCountProblem(record, layout);
    if (count) {
      rejected.push(rowProblem(record.line, count));
      continue;
    }
    const result = checkRecord(record, layout, seen);
    if ('detail' in result) rejected.push(result);
    else rows.push(result);
  }
  rejected.sort((a, b) => a.line - b.line);
  return { rows, rejected };
}
