/**
 * The Boomstream users CSV import: read (decode, parse, recognise the columns, check every
 * row), then plan against the database (slow: passwords are compared and hashed here), then
 * apply in one transaction. Invalid rows stop the import before any of that unless
 * `skipInvalid`; a dry run plans but never writes.
 */
import type { Database } from '../db/client.ts';
import {
  parseColumnsOption,
  resolveLayout,
  type ColumnsMapping,
  type CsvLayout,
} from './boomstream-columns.ts';
import { applyPlan } from './boomstream-apply.ts';
import { planRows, type PlannedRow } from './boomstream-plan.ts';
import { validateRecords, type ImportRow, type RejectedRow } from './boomstream-rows.ts';
import { decodeCsv, detectDelimiter, type CsvDelimiter, type CsvEncoding } from './csv-detect.ts';
import { parseCsv } from './csv-parse.ts';
import { ImportError } from './import-error.ts';

export interface ReadOptions {
  /** `--columns` text or an already parsed mapping. */
  columns?: string | ColumnsMapping;
  /** Forced; detected when absent. */
  encoding?: CsvEncoding;
  delimiter?: CsvDelimiter;
}

export interface ReadCsvResult {
  encoding: CsvEncoding;
  bom: boolean;
  delimiter: CsvDelimiter;
  layout: CsvLayout;
  rows: ImportRow[];
  rejected: RejectedRow[];
}

/** Everything that needs no database. Throws ImportError when the file cannot be used at all. */
export function readBoomstreamCsv(bytes: Uint8Array, options: ReadOptions = {}): ReadCsvResult {
  const mapping =
    typeof options.columns === 'string'
      ? parseColumnsOption(options.columns)
      : (options.columns ?? {});
  const { text, encoding, bom } = decodeCsv(bytes, options.encoding);
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const { records, problems } = parseCsv(text, delimiter);
  const first = records[0];
  if (!first)
    throw new ImportError(
      problems[0] ? `line ${problems[0].line}: ${problems[0].message}` : 'the file is empty',
    );
  const headerProblem = problems.find((p) => p.line <= first.line);
  if (headerProblem)
    throw new ImportError(`line ${headerProblem.line} (the first line): ${headerProblem.message}`);
  const layout = resolveLayout(first.cells, mapping);
  const data = layout.hasHeader ? records.slice(1) : records;
  const { rows, rejected } = validateRecords(data, problems, layout);
  if (rows.length === 0 && rejected.length === 0)
    throw new ImportError('the file has a header but no rows');
  return { encoding, bom, delimiter, layout, rows, rejected };
}

export interface ImportProgress {
  /** `checking`: comparing and hashing passwords (the slow part); `writing`: the transaction. */
  phase: 'checking' | 'writing';
  done: number;
  total: number;
}

export interface ImportOptions {
  dryRun?: boolean;
  skipInvalid?: boolean;
  /** Passwords hashed at once (default: see hashingConcurrency). */
  concurrency?: number;
  now?: Date;
  /** See ApplyOptions.rowsPerInsert. */
  rowsPerInsert?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface BoomstreamImportResult {
  read: ReadCsvResult;
  planned: PlannedRow[];
  counts: ImportCounts;
  /** False for a dry run (and when there was nothing to write). */
  written: boolean;
}

export function invalidRowsError(read: ReadCsvResult): ImportError {
  const n = read.rejected.length;
  const total = n + read.rows.length;
  const rest = read.rows.length
    ? `, or pass --skip-invalid to import the other ${read.rows.length}`
    : '';
  return new ImportError(
    `${n} of ${total} row(s) are invalid: nothing was written (fix them${rest})`,
    read.rejected.map((r) => r.message),
  );
}

export async function importBoomstreamUsers(
  database: Database,
  read: ReadCsvResult,
  options: ImportOptions = {},
): Promise<BoomstreamImportResult> {
  const dryRun = options.dryRun ?? false;
  // Checked before the slow planning: a file that will be refused should be refused at once.
  if (read.rejected.length > 0 && !options.skipInvalid && !dryRun) throw invalidRowsError(read);
  const planned = await planRows(database, read.rows, {
    hash: !dryRun,
    concurrency: options.concurrency,
    onProgress: (done, total) => options.onProgress?.({ phase: 'checking', done, total }),
  });
  const counts: ImportCounts = {
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: read.rejected.length,
  };
  for (const plan of planned) counts[plan.action]++;
  const writes = counts.created + counts.updated;
  if (!dryRun && writes > 0) {
    await applyPlan(database, planned, {
      now: options.now,
      rowsPerInsert: options.rowsPerInsert,
      onProgress: (done, total) => options.onProgress?.({ phase: 'writing', done, total }),
    });
  }
  return { read, planned, counts, written: !dryRun && writes > 0 };
}
