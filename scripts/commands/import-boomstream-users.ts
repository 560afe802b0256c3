import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { getConfig } from '#api/config.ts';
import { openDatabase, parseDatabaseUrl, type Database } from '#api/db/client.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { COLUMN_FIELDS, FIELD_LABELS, HEADER_NAMES } from '#api/import/boomstream-headers.ts';
import { formatReadInfo, formatRowLines, formatSummary } from '#api/import/boomstream-report.ts';
import {
  importBoomstreamUsers,
  invalidRowsError,
  readBoomstreamCsv,
  type ReadCsvResult,
} from '#api/import/boomstream-users.ts';
import { parseEncodingName, type CsvDelimiter, type CsvEncoding } from '#api/import/csv-detect.ts';
import { ImportError } from '#api/import/import-error.ts';
import { createProgressRenderer } from '#api/import/progress-bar.ts';
import {
  CliError,
  stringOption,
  type Command,
  type CommandInput,
  type CommandIo,
} from '../command.ts';

/** `  email:    Email, E-mail, …`, wrapped and indented under the first name. */
function headerHelpLines(width = 96): string {
  return COLUMN_FIELDS.map((field) => {
    const names = HEADER_NAMES[field].map((name, i, all) =>
      i < all.length - 1 ? `${name},` : name,
    );
    if (field === 'name' || field === 'fio') names.push(`(${FIELD_LABELS[field]})`);
    const lines = [`  ${`${field}:`.padEnd(9)}`];
    for (const name of names) {
      if (lines.at(-1)!.length + 1 + name.length > width) lines.push(' '.repeat(11));
      lines[lines.length - 1] += ` ${name}`;
    }
    return lines.join('\n');
  }).join('\n');
}

const headerHelp = headerHelpLines();

const DELIMITERS: Record<string, CsvDelimiter> = { ',': ',', comma: ',', ';': ';', semicolon: ';' };

function readOptions(input: CommandInput): {
  encoding?: CsvEncoding;
  delimiter?: CsvDelimiter;
  columns?: string;
} {
  const encodingName = stringOption(input, 'encoding');
  const encoding = encodingName === undefined ? undefined : parseEncodingName(encodingName);
  if (encoding === null)
    throw new CliError(`--encoding must be utf-8 or windows-1251, got "${encodingName}"`, 2);
  const delimiterName = stringOption(input, 'delimiter');
  const delimiter =
    delimiterName === undefined ? undefined : DELIMITERS[delimiterName.toLowerCase()];
  if (delimiterName !== undefined && !delimiter)
    throw new CliError(`--delimiter must be "," or ";", got "${delimiterName}"`, 2);
  return { encoding, delimiter, columns: stringOption(input, 'columns') };
}

function readFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

/** Each detail line on stderr, then the one-line reason the CLI ends with. */
function fail(io: CommandIo, file: string, error: ImportError): never {
  for (const line of error.details) io.err(line);
  throw new CliError(`${file}: ${error.message}`);
}

/**
 * A dry run must not create a SQLite file that is not there (opening creates it): it plans
 * against an empty in-memory database instead, so every row shows as created.
 */
async function openTarget(url: string, dryRun: boolean, io: CommandIo): Promise<Database> {
  const target = parseDatabaseUrl(url);
  const missing =
    target.dialect === 'sqlite' && target.file !== ':memory:' && !existsSync(target.file);
  const database = dryRun && missing ? openDatabase('file::memory:') : openDatabase(url);
  if (!dryRun || missing) {
    const migrated = await migrateDatabase(database);
    if (migrated.applied > 0 && !missing)
      io.out(`${database.label}: ${migrated.applied} migration(s) applied`);
  }
  return database;
}

/** `started`: when the command began, so the time printed covers reading the file too. */
async function runImport(
  file: string,
  read: ReadCsvResult,
  input: CommandInput,
  io: CommandIo,
  started: number,
): Promise<void> {
  const dryRun = input.values['dry-run'] === true;
  const skipInvalid = input.values['skip-invalid'] === true;
  const database = await openTarget(getConfig().databaseUrl, dryRun, io);
  const bar = io.interactive
    ? createProgressRenderer((text) => process.stderr.write(text))
    : undefined;
  try {
    const result = await importBoomstreamUsers(database, read, {
      dryRun,
      skipInvalid,
      onProgress: (p) =>
        bar?.update(p.phase === 'checking' ? 'passwords' : 'writing  ', p.done, p.total),
    }).catch((error: unknown) => {
      bar?.finish();
      if (error instanceof ImportError) fail(io, file, error);
      throw error;
    });
    bar?.finish();
    if (dryRun) for (const line of formatRowLines(result)) io.out(line);
    else for (const rejected of read.rejected) io.err(`skipped ${rejected.message}`);
    const seconds = (performance.now() - started) / 1000;
    io.out(
      `${dryRun ? 'dry run, nothing written: ' : ''}${formatSummary(result.counts)} (${seconds.toFixed(1)} s)`,
    );
    if (dryRun && read.rejected.length > 0 && !skipInvalid) {
      throw new CliError(
        `${file}: ${read.rejected.length} row(s) are invalid: a real import would write nothing (fix them, or pass --skip-invalid)`,
      );
    }
  } finally {
    await database.close();
  }
}

export const importBoomstreamUsersCommand: Command = {
  name: 'import boomstream-users',
  summary: 'Create or update students from a Boomstream users CSV (email, names, 9-digit password)',
  usage:
    '<file.csv> [--dry-run] [--skip-invalid] [--columns MAP] [--encoding utf-8|windows-1251] [--delimiter ,|;]',
  options: {
    'dry-run': { type: 'boolean' },
    'skip-invalid': { type: 'boolean' },
    columns: { type: 'string' },
    encoding: { type: 'string' },
    delimiter: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  help: `
Reads a CSV of Boomstream students and upserts them into DATABASE_URL by email (compared
case-insensitively, stored lower-cased): new emails are created; for known ones the names and
the password are updated when they differ. The password must be exactly 9 digits and is kept as
text (leading zeros stay) and stored only as a slow hash. Pending migrations are applied first.

Every row is checked first. A bad row (bad or repeated email, password not 9 digits, empty
field, wrong number of cells, unbalanced quote) is listed with its line and column, and then
nothing is written unless --skip-invalid is given. All writes happen in one transaction.

Encoding (UTF-8 with or without BOM, or Windows-1251) and delimiter ("," or ";") are detected.
Columns are found by their header names (case, spaces, punctuation and ё do not matter):
${headerHelp}
A full-name column is split at the first space: "Имя Фамилия" (name) or "Фамилия Имя Отчество"
(fio: the patronymic stays with the first name). Other columns are ignored. Without a name
column, names are left as they are.

Options:
  --dry-run             print what each row would do (created / updated: which fields /
                        unchanged / rejected) and write nothing; exits 1 when a row is
                        invalid, as the import itself would
  --skip-invalid        write the valid rows; list the bad ones
  --columns MAP         say which column is which, by 1-based number or by header name:
                          --columns email=3,first=1,last=2,password=4
                          --columns email=Почта,password=Код,name=Клиент
                        fields: ${COLUMN_FIELDS.join(', ')}; fields not given are still found
                        by header. Numbers let a file without a header row be read (the first
                        line is data when it has an email in the email column). A header
                        with a comma in it ("Фамилия, имя") must be given by number.
  --encoding E          utf-8 or windows-1251 instead of detecting
  --delimiter D         "," or ";" (also: comma, semicolon) instead of detecting

Passwords are compared and hashed a few at a time (scrypt, ~30 ms each): 2–3 minutes for
10,000 rows on two cores. Start node with UV_THREADPOOL_SIZE=<cores> to use more than 4 cores.
Prints a progress bar on a terminal and ends with "created N, updated N, unchanged N, rejected N".`,
  async run(input, io) {
    const started = performance.now();
    const file = input.positionals[0]!;
    const options = readOptions(input);
    const bytes = readFile(file);
    let read: ReadCsvResult;
    try {
      read = readBoomstreamCsv(bytes, options);
    } catch (error) {
      if (error instanceof ImportError) fail(io, file, error);
      throw error;
    }
    io.out(formatReadInfo(file, read));
    const dryRun = input.values['dry-run'] === true;
    // Refused before the database is even opened: nothing can be half-written.
    if (read.rejected.length > 0 && !dryRun && input.values['skip-invalid'] !== true)
      fail(io, file, invalidRowsError(read));
    await runImport(file, read, input, io, started);
  },
};
