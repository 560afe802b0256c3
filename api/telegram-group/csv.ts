/**
 * The small CSV reader the member and match files need: UTF-8 with or without a BOM, comma or
 * semicolon (Excel in a Russian locale writes semicolons), RFC 4180 quotes, and the line each
 * record starts on, so an error can point at it.
 */
import { readFileSync } from 'node:fs';
import { detectDelimiter } from '../import/csv-detect.ts';
import { parseCsv as parseRfc4180 } from '../import/csv-parse.ts';
import { TelegramGroupError } from './errors.ts';

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  cells: string[];
}

export interface CsvTable {
  headers: string[];
  records: CsvRecord[];
  delimiter: ',' | ';';
}

/** A member or match file's bytes, or an error that names the file. */
export function readInputFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TelegramGroupError(
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

/** Bytes → text; a file that is not UTF-8 is refused instead of read as mojibake. */
export function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new TelegramGroupError(
      `${name}: not UTF-8 text; save it as "CSV UTF-8" (or JSON) and try again`,
    );
  }
}

/**
 * The member and match files through the project's one CSV parser (api/import/csv-parse.ts,
 * the Boomstream import's): header row first, delimiter detected from it.
 */
export function parseCsv(text: string): CsvTable {
  const delimiter = detectDelimiter(text);
  const parsed = parseRfc4180(text, delimiter);
  const problem = parsed.problems[0];
  if (problem) {
    const unclosed = problem.message.includes('is never closed');
    throw new Error(
      `line ${problem.line}: ${unclosed ? 'a quoted field is not closed' : problem.message}`,
    );
  }
  // Blank lines and Excel's `;;;;` rows are not records.
  const rows: CsvRecord[] = parsed.records
    .filter((r) => r.cells.some((c) => c.trim() !== ''))
    .map((r) => ({ line: r.line, cells: r.cells }));
  const [header, ...records] = rows;
  return { headers: (header?.cells ?? []).map((h) => h.trim()), records, delimiter };
}

/** `First Name`, `first-name`, ` FIRST_NAME ` → `first_name`; Cyrillic is kept. */
export function headerKey(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\s-]+/g, '_');
}

/** The index of the first header among `names` (compared by headerKey), or -1. */
export function findColumn(headers: readonly string[], names: readonly string[]): number {
  const keys = headers.map(headerKey);
  for (const name of names) {
    const index = keys.indexOf(headerKey(name));
    if (index >= 0) return index;
  }
  return -1;
}
