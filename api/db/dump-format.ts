/**
 * The dump file: `{"format":"course-site-dump","version":1,"tables":{"users":[{...}], ...}}`.
 * Written byte-for-byte deterministically (no timestamps of its own, fixed key order, 2-space
 * indent, trailing newline) so equal data gives identical files that diff and hash cleanly.
 */

export const DUMP_FORMAT = 'course-site-dump';
/** Raise when the meaning of the file changes; a loader refuses versions newer than this. */
export const DUMP_VERSION = 1;

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type DumpRecord = Record<string, JsonValue>;

export interface DumpDocument {
  format: typeof DUMP_FORMAT;
  version: number;
  /** Database table name → its rows, tables in schema order (parents first). */
  tables: Record<string, DumpRecord[]>;
}

/** An expected failure of dump/load: the first problem is the message, all of them are listed. */
export class DumpError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    const [first = 'invalid dump'] = problems;
    super(
      problems.length > 1
        ? `${first} (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})`
        : first,
    );
    this.name = 'DumpError';
    this.problems = problems;
  }
}

export function formatDump(document: DumpDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A value as a short, quoted preview for error messages. */
export function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The envelope checked and the tables' arrays found; the records themselves are checked later. */
export interface DumpEnvelope {
  version: number;
  tables: Record<string, unknown[]>;
}

export function parseDumpText(text: string): DumpEnvelope {
  let value: unknown;
  try {
    // A byte-order mark is what some editors leave after a hand fix; it is not part of the JSON.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new DumpError([`not valid JSON: ${(error as Error).message}`]);
  }
  return readEnvelope(value);
}

export function readEnvelope(value: unknown): DumpEnvelope {
  if (!isPlainObject(value))
    throw new DumpError([
      `not a ${DUMP_FORMAT} file: expected a JSON object, got ${preview(value)}`,
    ]);
  if (value.format !== DUMP_FORMAT)
    throw new DumpError([`not a ${DUMP_FORMAT} file: "format" is ${preview(value.format)}`]);
  const { version } = value;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new DumpError([`"version" must be a whole number from 1, got ${preview(version)}`]);
  }
  if (version > DUMP_VERSION) {
    throw new DumpError([
      `the dump is format version ${version}, but this program reads version ${DUMP_VERSION} at most; load it with a newer release`,
    ]);
  }
  if (!isPlainObject(value.tables))
    throw new DumpError([
      `"tables" must be an object of table name → rows, got ${preview(value.tables)}`,
    ]);
  const tables: Record<string, unknown[]> = {};
  const problems: string[] = [];
  for (const [name, rows] of Object.entries(value.tables)) {
    if (Array.isArray(rows)) tables[name] = rows;
    else problems.push(`${name}: expected an array of rows, got ${preview(rows)}`);
  }
  if (problems.length > 0) throw new DumpError(problems);
  return { version, tables };
}
