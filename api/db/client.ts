/**
 * Opens the database named by a DATABASE_URL: SQLite (better-sqlite3, the default) or
 * PostgreSQL (postgres.js). Everything above this file sees one `Database` with the same tables
 * and the same query builder, whichever dialect is underneath.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { entityKind, sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzleSqlite, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePg, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as pgSchema from './schema-pg.ts';
import * as sqliteSchema from './schema-sqlite.ts';
import type { Tables } from './tables.ts';

export type Dialect = 'sqlite' | 'postgres';

/** The query surface both dialects share; typed with the PostgreSQL builder (see kit.ts). */
export type Db = PostgresJsDatabase;

export interface Database {
  readonly dialect: Dialect;
  /** Where the data lives, without credentials: safe to print. */
  readonly label: string;
  /** The DATABASE_URL it was opened with (may hold credentials: never print it). */
  readonly url: string;
  readonly db: Db;
  readonly t: Tables;
  /** Runs `fn` in one transaction: all of its writes land, or none. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Runs a raw statement and returns its rows. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export const DEFAULT_DATABASE_URL = 'file:data/app.db';

/**
 * `file:data/app.db`, `sqlite:data/app.db`, `file:///abs/app.db`, `file::memory:` → SQLite;
 * `postgres://…` or `postgresql://…` → PostgreSQL. Anything else is an error.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const value = url.trim();
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new Error('is not a valid postgres:// URL');
    }
    return { dialect: 'postgres', url: value };
  }
  const m = /^(?:file|sqlite):(.*)$/i.exec(value);
  if (m) {
    let file = m[1] ?? '';
    if (file.startsWith('//')) file = decodeURIComponent(file.replace(/^\/\/[^/]*/, ''));
    if (!file) throw new Error('names no SQLite file (use e.g. file:data/app.db)');
    return { dialect: 'sqlite', file };
  }
  throw new Error('must start with file:, sqlite:, postgres:// or postgresql://');
}

/** `postgres://user:secret@host/db` → `postgres://user@host/db` */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    return u.toString().replace(/:@/, '@');
  } catch {
    return url;
  }
}

/** Serialises SQLite transactions: one connection, so two must never interleave. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #held = 0;

  /** True while a transaction holds or waits for the connection. */
  busy(): boolean {
    return this.#held > 0;
  }

  /** Resolves once no transaction holds or waits for the connection (check busy() again after). */
  idle(): Promise<void> {
    return this.#held === 0 ? Promise.resolve() : this.#tail;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise((resolve) => (release = resolve));
    this.#held++;
    await previous;
    try {
      return await fn();
    } finally {
      this.#held--;
      release();
    }
  }
}

/**
 * The query builder for statements outside a transaction on SQLite: awaiting any query first
 * waits until no transaction holds the one connection. Without this a statement of another
 * request could run between BEGIN and COMMIT and be rolled back with someone else's work.
 * Transaction bodies use the raw builder they are given.
 */
function waitForTransactions<T extends object>(target: T, mutex: Mutex): T {
  // better-sqlite3 runs a statement synchronously as soon as drizzle executes it, so "no
  // transaction now" followed by the call cannot be split by another request's BEGIN.
  const whenFree = async <R>(run: () => R): Promise<Awaited<R>> => {
    while (mutex.busy()) await mutex.idle();
    return await run();
  };
  return new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property, object) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'then') {
        return (onFulfilled?: (v: unknown) => unknown, onRejected?: (e: unknown) => unknown) =>
          whenFree(() => (value as (a?: unknown, b?: unknown) => Promise<unknown>).call(object)).then(onFulfilled, onRejected);
      }
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(object, args);
        // Builders chain (select → from → where); each step must keep waiting before it runs.
        const isBuilder = typeof result === 'object' && result !== null && !Array.isArray(result) && !(result instanceof Promise) && entityKind in (result.constructor ?? {});
        return isBuilder ? waitForTransactions(result as object, mutex) : result;
      };
    },
  });
}

function openSqlite(file: string): Database {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const client = new BetterSqlite3(file);
  client.pragma('journal_mode = WAL');
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 5000');
  const db = drizzleSqlite(client) as BetterSQLite3Database;
  const mutex = new Mutex();
  return {
    dialect: 'sqlite',
    label: `sqlite:${file}`,
    url: `file:${file}`,
    db: waitForTransactions(db, mutex) as unknown as Db,
    t: sqliteSchema.tables as unknown as Tables,
    // better-sqlite3's own transactions are synchronous; ours hold async bodies. The body must
    // only await database calls (they complete synchronously here), never the network.
    transaction: (fn) =>
      mutex.run(async () => {
        client.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(db as unknown as Db);
          client.exec('COMMIT');
          return result;
        } catch (error) {
          if (client.inTransaction) client.exec('ROLLBACK');
          throw error;
        }
      }),
    rows: async <T>(query: SQL) => {
      while (mutex.busy()) await mutex.idle();
      return db.all(query) as T[];
    },
    ping: async () => {
      client.prepare('select 1').get();
    },
    close: async () => {
      client.close();
    },
  };
}

function openPostgres(url: string, maxConnections: number): Database {
  const client = postgres(url, { max: maxConnections, onnotice: () => {}, connect_timeout: 10 });
  const db = drizzlePg(client);
  return {
    dialect: 'postgres',
    label: redactDatabaseUrl(url),
    url,
    db,
    t: pgSchema.tables,
    transaction: (fn) => db.transaction((tx) => fn(tx as unknown as Db)),
    rows: async <T>(query: SQL) => [...(await db.execute(query))] as T[],
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      await client.end({ timeout: 5 });
    },
  };
}

export function openDatabase(url: string = DEFAULT_DATABASE_URL, options: { maxConnections?: number } = {}): Database {
  const target = parseDatabaseUrl(url);
  return target.dialect === 'sqlite' ? openSqlite(target.file) : openPostgres(target.url, options.maxConnections ?? 10);
}
