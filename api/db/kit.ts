/**
 * One logical schema, two dialects. `defineTables` (./tables.ts) is written once against this
 * kit of column builders; the PostgreSQL kit is the reference type, and the SQLite kit builds
 * the same columns with SQLite storage (timestamps as integer milliseconds, booleans as 0/1,
 * JSON as text). The query code is typed against the PostgreSQL tables and runs unchanged on
 * both, because the two Drizzle query builders share that surface (select/insert/update/delete,
 * onConflictDo*, returning).
 */
import { sql } from 'drizzle-orm';
import * as pg from 'drizzle-orm/pg-core';
import * as lite from 'drizzle-orm/sqlite-core';

export const pgKit = {
  table: pg.pgTable,
  /** Auto-increment integer primary key; explicit ids are accepted too (dump/load). */
  id: (name = 'id') => pg.integer(name).primaryKey().generatedByDefaultAsIdentity(),
  text: (name: string) => pg.text(name),
  integer: (name: string) => pg.integer(name),
  /** 64-bit integer read as a JS number (Telegram and Stepik ids stay below 2^53). */
  bigint: (name: string) => pg.bigint(name, { mode: 'number' }),
  real: (name: string) => pg.doublePrecision(name),
  boolean: (name: string) => pg.boolean(name),
  /** A real timestamp (with time zone in PostgreSQL), read as a Date. */
  timestamp: (name: string) =>
    pg.timestamp(name, { withTimezone: true, mode: 'date', precision: 3 }),
  /** Timestamp that the database fills with the current time on insert. */
  createdAt: (name = 'created_at') =>
    pg.timestamp(name, { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  json: <T>(name: string) => pg.jsonb(name).$type<T>(),
  primaryKey: pg.primaryKey,
  index: pg.index,
  uniqueIndex: pg.uniqueIndex,
};

export type SchemaKit = typeof pgKit;

export const sqliteKit = {
  table: lite.sqliteTable,
  id: (name = 'id') => lite.integer(name).primaryKey({ autoIncrement: true }),
  text: (name: string) => lite.text(name),
  integer: (name: string) => lite.integer(name),
  bigint: (name: string) => lite.integer(name),
  real: (name: string) => lite.real(name),
  boolean: (name: string) => lite.integer(name, { mode: 'boolean' }),
  timestamp: (name: string) => lite.integer(name, { mode: 'timestamp_ms' }),
  createdAt: (name = 'created_at') =>
    lite
      .integer(name, { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  json: (name: string) => lite.text(name, { mode: 'json' }),
  primaryKey: lite.primaryKey,
  index: lite.index,
  uniqueIndex: lite.uniqueIndex,
  // Typed as the PostgreSQL kit so that defineTables gives one `Tables` type for both dialects
  // (the other half of this cast is `db` in client.ts). What keeps it true:
  // tests/db/schema-parity.test.ts compares the two schemas column by column.
} as unknown as SchemaKit;
