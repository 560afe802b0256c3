/**
 * The whole database to and from one versioned JSON document (format: ./dump-format.ts), so an
 * operator can move all data between SQLite and PostgreSQL or keep a readable backup. Generic
 * over the schema: every table of `database.t` is carried, in its order (parents first).
 */
import { sql } from 'drizzle-orm';
import type { PgColumn, PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type { Database, Db } from './client.ts';
import { describeTables, type TableSpec } from './dump-columns.ts';
import {
  DUMP_FORMAT,
  DUMP_VERSION,
  DumpError,
  formatDump,
  parseDumpText,
  readEnvelope,
  type DumpDocument,
  type DumpRecord,
} from './dump-format.ts';
import { beforeValidationTransforms, type TableRecordsTransform } from './dump-transforms.ts';
import { prepareTables, type PreparedTable } from './dump-validate.ts';
import { compareByKey, toDumpValue } from './dump-values.ts';

export { DumpError, formatDump } from './dump-format.ts';

export interface TableCount {
  table: string;
  rows: number;
}

export interface DumpResult {
  document: DumpDocument;
  /** The file's exact text (see formatDump). */
  text: string;
  counts: TableCount[];
}

function toRecord(spec: TableSpec, row: Record<string, unknown>, where: string): DumpRecord {
  const record: DumpRecord = {};
  for (const column of spec.columns)
    record[column.name] = toDumpValue(column, row[column.key], `${where}.${column.name}`);
  return record;
}

export async function dumpDatabase(database: Database): Promise<DumpResult> {
  const specs = describeTables(database.t);
  const tables: Record<string, DumpRecord[]> = {};
  await database.transaction(async (tx) => {
    if (database.dialect === 'postgres') {
      // One snapshot for every table, so child rows and the parents they point to agree.
      await tx.execute(sql`set transaction isolation level repeatable read, read only`);
      // Timestamps arrive as text in the session's zone; historical zones have offsets such as
      // +02:30:17 that Date cannot parse, UTC never does.
      await tx.execute(sql`set local time zone 'UTC'`);
    }
    for (const spec of specs) {
      const rows: Record<string, unknown>[] = await tx.select().from(spec.table as PgTable);
      // Sorted here rather than by ORDER BY: PostgreSQL collations and SQLite order text differently.
      rows.sort(compareByKey(spec.primaryKey));
      tables[spec.name] = rows.map((row, index) => toRecord(spec, row, `${spec.name}[${index}]`));
    }
  });
  const document: DumpDocument = { format: DUMP_FORMAT, version: DUMP_VERSION, tables };
  return {
    document,
    text: formatDump(document),
    counts: specs.map((spec) => ({ table: spec.name, rows: tables[spec.name]?.length ?? 0 })),
  };
}

export interface LoadOptions {
  /** Validate only; nothing is written. */
  dryRun?: boolean;
  /** Per-table record rewrites before validation; defaults to ./dump-transforms.ts. */
  transforms?: Readonly<Record<string, TableRecordsTransform>>;
  /** The time given to missing created_at/updated_at fields (tests pin it). */
  now?: Date;
}

export interface LoadResult {
  dryRun: boolean;
  counts: TableCount[];
}

/** Rows per INSERT: large enough to be fast, small enough for both dialects' parameter limits. */
function rowsPerStatement(spec: TableSpec): number {
  const maxParameters = 30_000; // SQLite allows 32,766 bound values, PostgreSQL 65,535
  return Math.max(1, Math.min(500, Math.floor(maxParameters / spec.columns.length)));
}

/** insert … on conflict (primary key) do update set every other column, so a reload changes nothing. */
function upsert(tx: Db, spec: TableSpec, rows: Record<string, unknown>[]): Promise<unknown> {
  const insert = tx.insert(spec.table as PgTable).values(rows as PgInsertValue<PgTable>[]);
  const target = spec.primaryKey.map((column) => column.column as PgColumn);
  const others = spec.columns.filter((column) => !column.primary);
  if (others.length === 0) return insert.onConflictDoNothing({ target });
  const set = Object.fromEntries(
    others.map((column) => [column.key, sql`excluded.${sql.identifier(column.name)}`]),
  );
  return insert.onConflictDoUpdate({ target, set });
}

function writeError(spec: TableSpec, first: number, count: number, error: unknown): DumpError {
  // Drizzle wraps driver errors in one whose message is the whole query with its parameters
  // (password hashes among them): report the driver's own message instead.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const message = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0];
  const detail = (cause as { detail?: unknown }).detail;
  const rows =
    count === 1 ? `${spec.name}[${first}]` : `${spec.name}[${first}..${first + count - 1}]`;
  return new DumpError([
    `${rows}: the database refused the ${count === 1 ? 'row' : 'rows'}: ${message}${typeof detail === 'string' ? ` (${detail})` : ''}`,
  ]);
}

/**
 * Explicit ids do not advance PostgreSQL identity sequences: without this the next ordinary
 * insert would be given id 1 and collide. (SQLite's AUTOINCREMENT keeps up by itself.)
 */
async function resetIdentitySequences(tx: Db, specs: readonly TableSpec[]): Promise<void> {
  for (const spec of specs) {
    for (const column of spec.columns.filter((c) => c.identity)) {
      const quotedTable = `"${spec.name.replaceAll('"', '""')}"`;
      const id = sql.identifier(column.name);
      await tx.execute(
        sql`select setval(pg_get_serial_sequence(${quotedTable}, ${column.name}), coalesce(max(${id}), 1), max(${id}) is not null) from ${sql.identifier(spec.name)}`,
      );
    }
  }
}

async function writeTables(database: Database, prepared: readonly PreparedTable[]): Promise<void> {
  // One transaction: a refused row anywhere leaves the database exactly as it was.
  await database.transaction(async (tx) => {
    for (const { spec, rows } of prepared) {
      const size = rowsPerStatement(spec);
      for (let first = 0; first < rows.length; first += size) {
        const batch = rows.slice(first, first + size);
        try {
          await upsert(tx, spec, batch);
        } catch (error) {
          throw writeError(spec, first, batch.length, error);
        }
      }
    }
    if (database.dialect === 'postgres')
      await resetIdentitySequences(
        tx,
        prepared.map((p) => p.spec),
      );
  });
}

/**
 * Loads a dump (its text, or the parsed JSON) by upserting every record by primary key. Rows
 * already in the database and absent from the dump are kept. Everything is validated before the
 * first write; any problem throws DumpError and writes nothing.
 */
export async function loadDump(
  database: Database,
  source: string | object,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const envelope = typeof source === 'string' ? parseDumpText(source) : readEnvelope(source);
  const prepared = await prepareTables(describeTables(database.t), envelope, {
    dialect: database.dialect,
    transforms: options.transforms ?? beforeValidationTransforms,
    now: options.now ?? new Date(),
  });
  const dryRun = options.dryRun ?? false;
  if (!dryRun) await writeTables(database, prepared);
  return {
    dryRun,
    counts: prepared.map(({ spec, rows }) => ({ table: spec.name, rows: rows.length })),
  };
}
