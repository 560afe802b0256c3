/**
 * What dump/load need to know about the schema, read from the Drizzle tables themselves so that
 * a table or column added to ./tables.ts is dumped and loaded with no change here.
 */
import { getTableColumns, getTableName, is, type Column, type Table } from 'drizzle-orm';
import { getTableConfig as getPgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as getSqliteTableConfig } from 'drizzle-orm/sqlite-core';
import type { AnySQLiteTable } from 'drizzle-orm/sqlite-core';
import { pgKit } from './kit.ts';
import { defineTables, type Tables } from './tables.ts';

/** The Drizzle data types a dump can carry; both kits map every column onto one of these. */
export type DumpDataType = 'date' | 'boolean' | 'json' | 'number' | 'string';
const DATA_TYPES: readonly string[] = [
  'date',
  'boolean',
  'json',
  'number',
  'string',
] satisfies DumpDataType[];

export interface ColumnSpec {
  /** The property name in code (camelCase). */
  key: string;
  /** The database column name (snake_case): the key in the dump. */
  name: string;
  dataType: DumpDataType;
  /** Whole numbers only (everything numeric but real/double columns). */
  integer: boolean;
  /** Bits of a PostgreSQL integer column (16 or 32); SQLite integers are 64-bit, undefined. */
  bits?: 16 | 32;
  notNull: boolean;
  /** Part of the primary key. */
  primary: boolean;
  /** A PostgreSQL identity column, whose sequence a load must move past the loaded ids. */
  identity: boolean;
  column: Column;
}

export interface TableSpec {
  /** The property name in `Tables` (camelCase). */
  key: string;
  /** The database table name: the key in the dump. */
  name: string;
  table: Table;
  columns: ColumnSpec[];
  /** The primary key's columns, in key order. */
  primaryKey: ColumnSpec[];
  /** Names of the tables its foreign keys point to. */
  parents: string[];
}

const SMALL_INTEGER_BITS: Record<string, 16 | 32> = {
  PgSmallInt: 16,
  PgSmallSerial: 16,
  PgInteger: 32,
  PgSerial: 32,
};

/**
 * The order `defineTables` declares the tables in (parents first). `database.t` is a module
 * namespace, whose keys come alphabetically, so its own order cannot be trusted.
 */
const DECLARED_ORDER = Object.keys(defineTables(pgKit));

/** Composite primary key and foreign keys are declared on the table; each dialect has its own reader. */
function tableKeys(table: Table): { compositeKey: string[]; parents: string[] } {
  const config = is(table, PgTable)
    ? getPgTableConfig(table)
    : getSqliteTableConfig(table as AnySQLiteTable);
  return {
    compositeKey: config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
    parents: config.foreignKeys.map((fk) => getTableName(fk.reference().foreignTable)),
  };
}

/** Declared order, except that a table always comes after the tables it references. */
function parentsFirst(specs: TableSpec[]): TableSpec[] {
  const declared = (spec: TableSpec): number =>
    DECLARED_ORDER.includes(spec.key) ? DECLARED_ORDER.indexOf(spec.key) : DECLARED_ORDER.length;
  const pending = [...specs].sort((a, b) => declared(a) - declared(b));
  const placed: TableSpec[] = [];
  while (pending.length > 0) {
    const ready = pending.findIndex((spec) =>
      spec.parents.every((parent) => parent === spec.name || placed.some((p) => p.name === parent)),
    );
    if (ready === -1)
      throw new Error(
        `dump/load cannot order tables with circular foreign keys: ${pending.map((s) => s.name).join(', ')}`,
      );
    placed.push(...pending.splice(ready, 1));
  }
  return placed;
}

function describeColumn(
  tableName: string,
  key: string,
  column: Column,
  compositeKey: string[],
): ColumnSpec {
  if (!DATA_TYPES.includes(column.dataType)) {
    throw new Error(
      `dump/load cannot carry ${tableName}.${column.name} (Drizzle data type "${column.dataType}"); teach api/db/dump-values.ts about it`,
    );
  }
  const pgColumn = column as Column & { generatedIdentity?: unknown };
  return {
    key,
    name: column.name,
    dataType: column.dataType as DumpDataType,
    integer: column.dataType === 'number' && !/Real|Double|Numeric/.test(column.columnType),
    bits: SMALL_INTEGER_BITS[column.columnType],
    notNull: column.notNull,
    primary: column.primary || compositeKey.includes(column.name),
    identity: pgColumn.generatedIdentity !== undefined,
    column,
  };
}

/**
 * Tables of derived rows, rebuilt on demand from the others (api/access/snapshot.ts): a dump
 * leaves them out, and a load's writes to the tables they derive from move them on.
 */
export const DERIVED_TABLES: ReadonlySet<string> = new Set(['access_marks', 'access_snapshots']);

/** The tables parents first (in `defineTables` order), each with its columns in schema order; derived ones left out. */
export function describeTables(tables: Tables): TableSpec[] {
  const specs = Object.entries(tables)
    .filter(([, table]) => !DERIVED_TABLES.has(getTableName(table)))
    .map(([key, table]: [string, Table]): TableSpec => {
      const name = getTableName(table);
      const { compositeKey, parents } = tableKeys(table);
      const columns = Object.entries(getTableColumns(table))
        // Generated columns are computed by the database: neither dumped nor written.
        .filter(([, column]) => column.generated === undefined)
        .map(([columnKey, column]) => describeColumn(name, columnKey, column, compositeKey));
      const primaryKey = columns.filter((c) => c.primary);
      if (primaryKey.length === 0)
        throw new Error(`dump/load needs a primary key on every table; ${name} has none`);
      // A composite key lists its columns in declaration order, which may differ from column order.
      if (compositeKey.length > 0)
        primaryKey.sort((a, b) => compositeKey.indexOf(a.name) - compositeKey.indexOf(b.name));
      return { key, name, table, columns, primaryKey, parents };
    });
  return parentsFirst(specs);
}
