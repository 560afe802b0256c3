/**
 * The two schemas (api/db/schema-pg.ts, api/db/schema-sqlite.ts) are one logical schema: the
 * query code is typed against the PostgreSQL tables and runs on the SQLite ones (client.ts).
 * Each table is described here in one vocabulary for both dialects, through an explicit map of
 * column types, and the descriptions must be equal: same tables in the same order, same columns
 * under the same keys, compatible types, nullability, defaults, primary keys, uniques, indexes
 * and foreign keys.
 */
import { getTableColumns, is, SQL, type Column } from 'drizzle-orm';
import * as pg from 'drizzle-orm/pg-core';
import * as lite from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pgSchema from '#api/db/schema-pg.ts';
import * as sqliteSchema from '#api/db/schema-sqlite.ts';

type Dialect = 'postgres' | 'sqlite';

/**
 * Column types by Drizzle's columnType, in the shared vocabulary. A type missing here is a
 * mismatch until someone says what it corresponds to.
 */
const TYPES: Record<
  Dialect,
  Record<string, (column: Column & Record<string, unknown>) => string>
> = {
  postgres: {
    PgInteger: () => 'integer',
    // bigint read as a JS number: SQLite's integers are 64-bit, read as numbers too.
    PgBigInt53: () => 'integer',
    PgText: () => 'text',
    PgDoublePrecision: () => 'real',
    PgBoolean: () => 'boolean',
    // A point in time to the millisecond; SQLite keeps integer milliseconds.
    PgTimestamp: (c) =>
      c.withTimezone === true && c.precision === 3
        ? 'time (ms)'
        : `timestamp without the time zone or milliseconds (precision ${String(c.precision)})`,
    PgJsonb: () => 'json',
  },
  sqlite: {
    SQLiteInteger: () => 'integer',
    SQLiteText: () => 'text',
    SQLiteReal: () => 'real',
    SQLiteBoolean: () => 'boolean',
    SQLiteTimestamp: (c) =>
      c.mode === 'timestamp_ms' ? 'time (ms)' : `time in ${String(c.mode)} (seconds)`,
    SQLiteTextJson: () => 'json',
  },
};

/** Database-side default expressions that mean the same thing, by their SQL text. */
const SQL_DEFAULTS: Record<Dialect, Record<string, string>> = {
  postgres: { 'now()': 'now' },
  sqlite: { "(cast(unixepoch('subsec') * 1000 as integer))": 'now' },
};

const dialects = { postgres: new pg.PgDialect(), sqlite: new lite.SQLiteSyncDialect() };

function describeDefault(dialect: Dialect, column: Column & Record<string, unknown>): string {
  if (column.generatedIdentity || column.autoIncrement === true) return 'auto-increment';
  if (column.defaultFn) return `in code: ${JSON.stringify((column.defaultFn as () => unknown)())}`;
  if (column.default === undefined) return 'none';
  if (is(column.default, SQL)) {
    const text = dialects[dialect].sqlToQuery(column.default).sql;
    return `in the database: ${SQL_DEFAULTS[dialect][text] ?? `unmapped ${text}`}`;
  }
  return `value ${JSON.stringify(column.default)}`;
}

function describeColumn(dialect: Dialect, column: Column & Record<string, unknown>) {
  const type = TYPES[dialect][column.columnType];
  return {
    name: column.name,
    type: type ? type(column) : `unmapped ${column.columnType}`,
    /** Drizzle's JS-side type (number, string, date, boolean, json): what the query code sees. */
    js: column.dataType,
    notNull: column.notNull,
    default: describeDefault(dialect, column),
    primaryKey: column.primary,
    unique: column.isUnique ? (column.uniqueName ?? true) : false,
  };
}

type AnyTable = object;

function describeTable(dialect: Dialect, table: AnyTable) {
  const config =
    dialect === 'postgres'
      ? pg.getTableConfig(table as pg.PgTable)
      : lite.getTableConfig(table as lite.SQLiteTable);
  const names = (columns: readonly { name: string }[]) => columns.map((c) => c.name);
  const columns = Object.entries(getTableColumns(table as pg.PgTable)).map(([key, column]) => ({
    key,
    ...describeColumn(dialect, column as unknown as Column & Record<string, unknown>),
  }));
  return {
    name: config.name,
    columns,
    primaryKeys: config.primaryKeys.map((key) => names(key.columns)),
    uniques: config.uniqueConstraints.map((unique) => ({
      name: unique.name,
      columns: names(unique.columns),
    })),
    indexes: config.indexes
      .map((index) => ({
        name: index.config.name,
        unique: index.config.unique,
        columns: (index.config.columns as { name?: string }[]).map((c) => c.name ?? '(expression)'),
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    foreignKeys: config.foreignKeys
      .map((key) => {
        const reference = key.reference();
        // Both dialects' default action is "no action"; PostgreSQL's builder spells it out.
        return {
          columns: names(reference.columns),
          table: (reference.foreignTable as unknown as Record<symbol, string>)[
            Symbol.for('drizzle:Name')
          ],
          foreignColumns: names(reference.foreignColumns),
          onDelete: key.onDelete ?? 'no action',
          onUpdate: key.onUpdate ?? 'no action',
        };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
    checks: config.checks.map((check) => check.name),
  };
}

/** Every difference between two sets of tables (by key, in order), as readable lines. */
function schemaDifferences(
  postgres: Record<string, AnyTable>,
  sqlite: Record<string, AnyTable>,
): string[] {
  const differences: string[] = [];
  if (Object.keys(postgres).join() !== Object.keys(sqlite).join())
    differences.push(
      `tables: ${Object.keys(postgres).join(', ')} ≠ ${Object.keys(sqlite).join(', ')}`,
    );
  for (const [key, pgTable] of Object.entries(postgres)) {
    const sqliteTable = sqlite[key];
    if (!sqliteTable) continue;
    const a = describeTable('postgres', pgTable);
    const b = describeTable('sqlite', sqliteTable);
    const where = `${key} (${a.name})`;
    if (a.name !== b.name) differences.push(`${where}: named ${b.name} on SQLite`);
    const aColumns = new Map(a.columns.map((c) => [c.key, c]));
    const bColumns = new Map(b.columns.map((c) => [c.key, c]));
    if (a.columns.map((c) => c.key).join() !== b.columns.map((c) => c.key).join())
      differences.push(
        `${where}: columns ${[...aColumns.keys()].join(', ')} ≠ ${[...bColumns.keys()].join(', ')}`,
      );
    for (const [columnKey, column] of aColumns) {
      const other = bColumns.get(columnKey);
      if (!other) continue;
      for (const property of Object.keys(column) as (keyof typeof column)[]) {
        if (JSON.stringify(column[property]) !== JSON.stringify(other[property])) {
          differences.push(
            `${where}.${columnKey} ${property}: PostgreSQL ${JSON.stringify(column[property])}, SQLite ${JSON.stringify(other[property])}`,
          );
        }
      }
    }
    for (const property of [
      'primaryKeys',
      'uniques',
      'indexes',
      'foreignKeys',
      'checks',
    ] as const) {
      if (JSON.stringify(a[property]) !== JSON.stringify(b[property]))
        differences.push(
          `${where} ${property}: PostgreSQL ${JSON.stringify(a[property])}, SQLite ${JSON.stringify(b[property])}`,
        );
    }
  }
  return differences;
}

describe('the PostgreSQL and SQLite schemas', () => {
  it('have the same tables, columns, types, nullability, defaults and keys', () => {
    expect(Object.keys(pgSchema.tables).length).toBeGreaterThan(10);
    expect(schemaDifferences(pgSchema.tables, sqliteSchema.tables)).toEqual([]);
  });

  it('are compared column by column (a description, to see the comparison is not empty)', () => {
    const users = describeTable('sqlite', sqliteSchema.tables.users);
    expect(users.columns.find((c) => c.key === 'createdAt')).toEqual({
      key: 'createdAt',
      name: 'created_at',
      type: 'time (ms)',
      js: 'date',
      notNull: true,
      default: 'in the database: now',
      primaryKey: false,
      unique: false,
    });
    expect(
      describeTable('postgres', pgSchema.tables.users).columns.find((c) => c.key === 'telegramId'),
    ).toMatchObject({ type: 'integer', unique: 'users_telegram_id_unique' });
  });

  it('would report a table that differs (a planted pair)', () => {
    const parent = {
      postgres: pg.pgTable('parents', { id: pg.integer('id').primaryKey() }),
      sqlite: lite.sqliteTable('parents', { id: lite.integer('id').primaryKey() }),
    };
    const things = {
      postgres: pg.pgTable(
        'things',
        {
          id: pg.integer('id').primaryKey().generatedByDefaultAsIdentity(),
          at: pg
            .timestamp('at', { withTimezone: true, mode: 'date', precision: 3 })
            .notNull()
            .defaultNow(),
          count: pg.integer('count').notNull().default(0),
          code: pg.text('code').unique(),
          parentId: pg
            .integer('parent_id')
            .references(() => parent.postgres.id, { onDelete: 'cascade' }),
          tags: pg.jsonb('tags'),
        },
        (t) => [pg.index('things_at_idx').on(t.at)],
      ),
      sqlite: lite.sqliteTable(
        'things',
        {
          id: lite.integer('id').primaryKey({ autoIncrement: true }),
          at: lite.integer('at', { mode: 'timestamp' }).notNull().default(new Date(0)), // seconds, and a fixed default
          count: lite.integer('count').default(1), // nullable, another default
          code: lite.text('code'), // not unique
          parentId: lite
            .integer('parent_id')
            .references(() => parent.sqlite.id, { onDelete: 'set null' }),
          tags: lite.text('tags'), // text, not JSON
          extra: lite.text('extra'),
        },
        (t) => [lite.uniqueIndex('things_at_idx').on(t.at)],
      ),
    };
    expect(
      schemaDifferences(
        { parent: parent.postgres, things: things.postgres },
        { parent: parent.sqlite, things: things.sqlite },
      ),
    ).toEqual([
      'things (things): columns id, at, count, code, parentId, tags ≠ id, at, count, code, parentId, tags, extra',
      'things (things).at type: PostgreSQL "time (ms)", SQLite "time in timestamp (seconds)"',
      'things (things).at default: PostgreSQL "in the database: now", SQLite "value \\"1970-01-01T00:00:00.000Z\\""',
      'things (things).count notNull: PostgreSQL true, SQLite false',
      'things (things).count default: PostgreSQL "value 0", SQLite "value 1"',
      'things (things).code unique: PostgreSQL "things_code_unique", SQLite false',
      'things (things).tags type: PostgreSQL "json", SQLite "text"',
      'things (things).tags js: PostgreSQL "json", SQLite "string"',
      'things (things) indexes: PostgreSQL [{"name":"things_at_idx","unique":false,"columns":["at"]}], SQLite [{"name":"things_at_idx","unique":true,"columns":["at"]}]',
      'things (things) foreignKeys: PostgreSQL [{"columns":["parent_id"],"table":"parents","foreignColumns":["id"],"onDelete":"cascade","onUpdate":"no action"}], SQLite [{"columns":["parent_id"],"table":"parents","foreignColumns":["id"],"onDelete":"set null","onUpdate":"no action"}]',
    ]);
    expect(
      schemaDifferences(
        { parent: parent.postgres },
        { parent: parent.sqlite, things: things.sqlite },
      ),
    ).toEqual(['tables: parent ≠ parent, things']);
  });
});
