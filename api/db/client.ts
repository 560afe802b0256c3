/**
 * Opens the database named by a DATABASE_URL: SQLite (better-sqlite3, the default) or
 * PostgreSQL (postgres.js). Everything above this file sees one `Database` with the same tables
 * and the same query builder, whichever dialect is underneath.
 *
 * Two things here are not plain Drizzle, each in one place:
 *
 * 1. One type for both dialects (`Db`, below). The query code is written once, typed against the
 *    PostgreSQL tables and builder; on SQLite the same calls run on Drizzle's SQLite builder,
 *    whose surface for what we use (select/insert/update/delete, joins, onConflictDo*,
 *    returning, prepare/execute, $count, db.query.*) is the same. The SQLite `db` is cast to
 *    the PostgreSQL type in openSqlite() (marked THE CAST), the SQLite column kit to the
 *    PostgreSQL one in kit.ts, and nowhere else; tests/db/schema-parity.test.ts keeps the two
 *    schemas in step, and the suites that run on both dialects keep the builders honest.
 *
 * 2. The SQLite transaction lock (`TransactionLock`, used in openSqlite()). SQLite here is one
 *    connection shared by every request. A transaction's body awaits its statements, and while it
 *    does, another request's statement would run on the same connection, between BEGIN and
 *    COMMIT: it would see uncommitted rows and be rolled back with someone else's work. So every
 *    statement outside a transaction first waits until no transaction holds or waits for the
 *    connection, and transactions take turns. PostgreSQL needs none of this: a pool, and each
 *    transaction on a connection of its own.
 *
 *    The lock sits where every SQLite statement passes: Drizzle's sqlite-proxy driver hands each
 *    one, as SQL text, parameters and a method, to one async function (`runStatement`), which
 *    runs it on better-sqlite3. No statement reaches the connection another way.
 *    tests/db/sqlite-transactions.test.ts starts every entry point during a transaction.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { fillPlaceholders, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { drizzle as drizzleSqliteProxy, type AsyncRemoteCallback } from 'drizzle-orm/sqlite-proxy';
import postgres from 'postgres';
import { perTurn } from '../turn.ts';
import { isTransactionConflict } from './errors.ts';
import * as pgSchema from './schema-pg.ts';
import * as sqliteSchema from './schema-sqlite.ts';
import type { Tables } from './tables.ts';

export type Dialect = 'sqlite' | 'postgres';

/**
 * The query surface both dialects share, typed with the PostgreSQL builder and tables (see the
 * top of this file and kit.ts). With the schema: `db.query.users.findFirst(…)` works on both.
 */
export type Db = PostgresJsDatabase<typeof pgSchema.tables>;

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
  /** Runs a raw statement and returns its rows as objects (none for a statement without rows). */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /**
   * A hot path's reading statement, prepared once (keep the result: see prepared.ts). Each call
   * fills its named placeholders and gives the rows as arrays of the driver's own values, in the
   * order selected — no query building and no row mapping per call. The values differ by
   * dialect (SQLite: integer milliseconds and 0/1; PostgreSQL: Date and boolean): read them with
   * the helpers in row-values.ts.
   */
  prepareRows(query: SQL): (values: Record<string, unknown>) => Promise<unknown[][]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// The URL's grammar lives with the other input checks, so the config (a layer below) can use it.
export {
  DEFAULT_DATABASE_URL,
  parseDatabaseUrl,
  redactDatabaseUrl,
  type DatabaseTarget,
} from '../input/database-url.ts';
import {
  DEFAULT_DATABASE_URL,
  parseDatabaseUrl,
  redactDatabaseUrl,
} from '../input/database-url.ts';

/**
 * SQLite only: lets one transaction at a time hold the connection, and tells statements outside
 * a transaction when it is free. Transactions queue in the order they asked.
 */
class TransactionLock {
  #tail: Promise<void> = Promise.resolve();
  #held = 0;

  /** Runs `fn` once every transaction queued before it has finished. */
  async hold<T>(fn: () => Promise<T>): Promise<T> {
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

  /**
   * Takes the connection now if no transaction holds or waits for it: the function that gives it
   * back, or null. For the read batch (ReadBatch), which must start at once or not at all.
   */
  holdNow(): (() => void) | null {
    if (this.#held > 0) return null;
    let release!: () => void;
    this.#tail = new Promise((resolve) => (release = resolve));
    this.#held++;
    return () => {
      this.#held--;
      release();
    };
  }

  /**
   * Resolves when no transaction holds or waits for the connection. A statement must run right
   * after, without awaiting anything: better-sqlite3 is synchronous, so nothing can BEGIN between.
   */
  async free(): Promise<void> {
    while (this.#held > 0) await this.#tail;
  }
}

/**
 * SQLite only: the hot paths' point lookups (prepareRows) of one turn of the event loop in one
 * read transaction. On its own, each statement opens and ends a read transaction of its own, and
 * in WAL mode that is two fcntl locks on the -shm file (and an fstat while the WAL is empty):
 * on this kind of machine, where a system call costs microseconds, more than half of a point
 * lookup. At a course launch, the requests that arrive together — those whose sockets one poll
 * of the loop returns — are read in one transaction that ends with the turn (setImmediate), and
 * the lookups after the first cost no system call.
 *
 * The batch holds the transaction lock while it is open, so nothing else runs on the connection
 * meanwhile: every other statement waits (as for a transaction) until the turn ends, and a write
 * never joins the read transaction. What a batch reads is what was committed when its first
 * lookup ran: a write by another process (a second instance, the CLI) during the same turn is
 * seen from the next turn on, as if those lookups had run a moment earlier; this process's own
 * writes cannot fall inside a batch at all. tests/db/sqlite-read-batch.test.ts holds this.
 */
class ReadBatch {
  #release: (() => void) | null = null;
  readonly #begin: BetterSqlite3.Statement;
  readonly #commit: BetterSqlite3.Statement;

  constructor(
    readonly client: BetterSqlite3.Database,
    readonly lock: TransactionLock,
  ) {
    this.#begin = client.prepare('BEGIN');
    this.#commit = client.prepare('COMMIT');
  }

  /** True when a batch is open now (it was, or it could start); false while a transaction holds the connection. */
  enter(): boolean {
    if (this.#release) return true;
    const release = this.lock.holdNow();
    if (!release) return false;
    // Deferred: the first lookup takes the read snapshot, and nothing is locked before it.
    try {
      this.#begin.run();
    } catch (error) {
      // A closed connection, say: the lock must not stay taken for everyone after.
      release();
      throw error;
    }
    this.#release = release;
    setImmediate(() => this.end());
    return true;
  }

  get open(): boolean {
    return this.#release !== null;
  }

  end(): void {
    const release = this.#release;
    if (!release) return;
    this.#release = null;
    try {
      if (this.client.open && this.client.inTransaction) this.#commit.run();
    } finally {
      release();
    }
  }
}

/**
 * better-sqlite3 statements by SQL text, parsed once each (the proxy driver hands us text; the
 * app's prepared statements and repeated queries then cost no parse). Bounded: statements built
 * for N rows at a time make many different texts.
 */
class StatementCache {
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  constructor(
    readonly client: BetterSqlite3.Database,
    readonly size = 500,
  ) {}

  get(text: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(text);
    if (statement) {
      this.#statements.delete(text); // most recently used last
    } else {
      statement = this.client.prepare(text);
      if (this.#statements.size >= this.size)
        this.#statements.delete(this.#statements.keys().next().value!);
    }
    this.#statements.set(text, statement);
    return statement;
  }
}

type Method = Parameters<AsyncRemoteCallback>[2];

/**
 * Runs one statement the way Drizzle's sqlite-proxy driver expects: rows as arrays of column
 * values ('all', 'values'), one such array or undefined ('get'), or better-sqlite3's run result
 * ({ changes, lastInsertRowid }, what `await db.insert(…)` gives without .returning()). Drizzle
 * maps the arrays to objects for its builders; raw SQL through SQLite's `db.all(sql)` would
 * stay arrays, which is why raw SQL goes through `database.rows(sql)`.
 */
function runStatement(
  statements: StatementCache,
  text: string,
  params: unknown[],
  method: Method,
): { rows: unknown } {
  const statement = statements.get(text);
  if (method === 'run' || !statement.reader) {
    const result = statement.run(...params);
    return method === 'run'
      ? (result as unknown as { rows: unknown })
      : { rows: method === 'get' ? undefined : [] };
  }
  statement.raw(true);
  return { rows: method === 'get' ? statement.get(...params) : statement.all(...params) };
}

/** SQLite connections by Database, for withSqliteClient (the migrator). */
const sqliteConnections = new WeakMap<
  Database,
  { client: BetterSqlite3.Database; lock: TransactionLock }
>();

function openSqlite(file: string): Database {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const client = new BetterSqlite3(file);
  client.pragma('journal_mode = WAL');
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 5000');
  const statements = new StatementCache(client);
  const lock = new TransactionLock();
  const reads = new ReadBatch(client, lock);
  const schema = { schema: sqliteSchema.tables };

  // THE LOCK: every statement made with `db`, whatever builder or method made it, comes here
  // first and waits for open transactions to end.
  const outside = drizzleSqliteProxy(async (text, params, method) => {
    await lock.free();
    return runStatement(statements, text, params, method) as { rows: unknown[] };
  }, schema);
  // A transaction's own statements (its `tx`) run at once: it holds the lock.
  const inside = drizzleSqliteProxy(async (text, params, method) => {
    if (!client.inTransaction || reads.open)
      throw new Error('a transaction’s `tx` was used after the transaction ended');
    return runStatement(statements, text, params, method) as { rows: unknown[] };
  }, schema);

  // Not better-sqlite3's own transactions: those are synchronous, ours hold async bodies. The
  // body should only await database calls (they complete at once here), never the network,
  // since every other statement waits meanwhile.
  const transaction = <T>(fn: (tx: Db) => Promise<T>): Promise<T> =>
    lock.hold(async () => {
      client.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(inside as unknown as Db);
        client.exec('COMMIT');
        return result;
      } catch (error) {
        if (client.inTransaction) client.exec('ROLLBACK');
        throw error;
      }
    });
  // Drizzle's own db.transaction() would BEGIN through the shared connection without the lock:
  // make it this one, as on PostgreSQL where the two are the same.
  Object.defineProperty(outside, 'transaction', {
    value: (fn: (tx: Db) => Promise<unknown>) => transaction(fn),
  });

  const dialect = new SQLiteAsyncDialect();
  const database: Database = {
    dialect: 'sqlite',
    label: `sqlite:${file}`,
    url: `file:${file}`,
    // THE CAST (see the top of this file): SQLite's builder, typed as PostgreSQL's. The tables
    // already are (kit.ts builds them with the SQLite kit typed as the PostgreSQL one).
    db: outside as unknown as Db,
    t: sqliteSchema.tables,
    transaction,
    rows: async <T>(query: SQL) => {
      const { sql: text, params } = dialect.sqlToQuery(query);
      await lock.free();
      const statement = statements.get(text);
      if (!statement.reader) return (statement.run(...params), []);
      return statement.raw(false).all(...params) as T[];
    },
    prepareRows: (query) => {
      const { sql: text, params } = dialect.sqlToQuery(query);
      // Its own statement, outside the cache: nothing evicts it, and raw mode is set once.
      const statement = client.prepare(text).raw(true);
      if (!statement.reader) throw new TypeError('prepareRows is for statements that read rows');
      return async (values) => {
        const args = fillPlaceholders(params, values);
        // Like every statement outside a transaction (THE LOCK), it waits while one is open;
        // then it runs in this turn's read batch (ReadBatch).
        while (!reads.enter()) await lock.free();
        return statement.all(...args) as unknown[][];
      };
    },
    ping: async () => {
      client.prepare('select 1').get();
    },
    close: async () => {
      reads.end();
      client.close();
    },
  };
  sqliteConnections.set(database, { client, lock });
  return database;
}

/**
 * SQLite only: runs `fn` with the raw better-sqlite3 connection while holding the transaction
 * lock. For code that must drive the connection itself (Drizzle's synchronous migrator).
 */
export function withSqliteClient<T>(
  database: Database,
  fn: (client: BetterSqlite3.Database) => T,
): Promise<T> {
  const connection = sqliteConnections.get(database);
  if (!connection)
    throw new Error(`not a SQLite database opened by openDatabase(): ${database.label}`);
  return connection.lock.hold(async () => fn(connection.client));
}

/** How many times a transaction runs at most when PostgreSQL keeps aborting it for conflicts. */
const TRANSACTION_ATTEMPTS = 4;

/**
 * PostgreSQL only: runs a transaction again when PostgreSQL aborted it for a conflict with
 * another (isTransactionConflict) — every row a student's access is computed from moves that
 * student's access mark in the same transaction (migration 0008), so two writers of different
 * tables for the same students (the sync and an import) lock the same marks and, in opposite
 * orders, deadlock; PostgreSQL then aborts one and lets the other go on. Rolled back, the
 * aborted one left nothing, and the next attempt starts after a short pause, by which the other
 * has usually committed. A transaction's body only reads and writes the database (as on SQLite,
 * where it holds the one connection meanwhile), so running it again does nothing twice.
 * tests/db/concurrent-writers.test.ts provokes the deadlock.
 */
async function runTransaction<T>(attempt: () => Promise<T>): Promise<T> {
  for (let run = 1; ; run++) {
    try {
      return await attempt();
    } catch (error) {
      if (run >= TRANSACTION_ATTEMPTS || !isTransactionConflict(error)) throw error;
      // Apart, so two aborted ones do not meet again at once.
      await new Promise((resolve) => setTimeout(resolve, run * (10 + Math.random() * 40)));
    }
  }
}

/** Whether `$1` or the like stands inside a string literal or a quoted name of `text`. */
function quotesAParameter(text: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '$' && /\d/.test(text[i + 1] ?? '')) return true;
    } else if (c === "'" || c === '"') quote = c;
  }
  return false;
}

/** A statement's error for its values or text (SQLSTATE classes 22, 23, 42), the connection still fine. */
const refusedValues = (error: unknown): boolean =>
  /^(22|23|42)[0-9A-Z]{3}$/.test(String((error as { code?: unknown } | null)?.code));

type Lookup = ReturnType<Database['prepareRows']>;
interface Waiting {
  args: unknown[];
  resolve: (rows: unknown[][]) => void;
  reject: (error: unknown) => void;
}

/**
 * PostgreSQL only: a hot statement's lookups of one turn of the event loop in one statement.
 * At a course launch the requests that arrive together (those whose sockets one poll of the loop
 * returns) each ask the same statement with their own values; asked one by one, each costs a
 * statement's round of its own — postgres.js builds, sends and parses it, and PostgreSQL binds,
 * starts and ends it — which is most of a point lookup's cost: the gate's lookup took ~40 µs of
 * this process and ~46 µs of PostgreSQL, 16 of them together ~11 and ~11 each (measured at 64
 * concurrent lookups). So the values of a turn go in as arrays, one row of them per lookup, and
 * the statement runs once per row beside it:
 *
 *   select q.*, b.n from unnest($1::text[], …) with ordinality as b(p1, …, n)
 *     cross join lateral (<the statement, $k read as b.pk>) as q
 *
 * Each lookup gets the rows of its own `n`, exactly what the statement alone gives it (none for
 * an unknown session). A lone lookup in its turn runs the statement itself. Nothing is kept
 * from one turn to the next: every lookup reads the database after it was asked for.
 * tests/db/pg-lookup-batch.test.ts compares both ways.
 */
function batchedLookups(client: () => postgres.Sql, text: string, params: unknown[]): Lookup {
  const single = (args: unknown[]) =>
    client()
      .unsafe(text, args as never[], { prepare: true })
      .values() as unknown as Promise<unknown[][]>;
  // A statement with a parameter in a string literal or a quoted name is never rewritten.
  if (!params.length || quotesAParameter(text))
    return (values) => single(fillPlaceholders(params, values));
  /** Null where the statement cannot be batched: a parameter of unknown or array type. */
  let batchText: Promise<string | null> | undefined;

  /** The batch's text, from the parameter types PostgreSQL gives the statement. */
  const makeBatchText = async (): Promise<string | null> => {
    const described = (await client()
      .unsafe(text, [], { prepare: true })
      .describe()) as unknown as {
      types: number[];
    };
    const names = (await client()
      .unsafe(
        'select format_type(t, null) from unnest($1::oid[]) with ordinality as x(t, i) order by i',
        [described.types] as never[],
      )
      .values()) as unknown as [string][];
    // An array parameter would be flattened by unnest; an unknown type cannot be cast to.
    if (described.types.some((oid) => !oid) || names.some(([type]) => type.endsWith('[]')))
      return null;
    const arrays = names.map(([type], i) => `$${i + 1}::${type}[]`).join(', ');
    const columns = names.map((_, i) => `p${i + 1}`).join(', ');
    const inner = text.replace(/\$(\d+)\b/g, (_, k: string) => `b.p${k}`);
    return `select q.*, b.n from unnest(${arrays}) with ordinality as b(${columns}, n) cross join lateral (${inner}) as q`;
  };

  // Made once; a description that failed is asked again by the next batch.
  const textOfBatch = (): Promise<string | null> =>
    (batchText ??= makeBatchText().catch((error: unknown) => {
      batchText = undefined;
      throw error;
    }));

  const runBatch = async (batch: Waiting[]): Promise<void> => {
    const batchText = await textOfBatch();
    if (batchText === null) return runAlone(batch);
    const columns = params.map((_, k) => batch.map((w) => w.args[k]));
    const rows = (await client()
      .unsafe(batchText, columns as never[], { prepare: true })
      .values()) as unknown as unknown[][];
    const byLookup: unknown[][][] = batch.map(() => []);
    // The ordinal is a bigint: postgres.js gives it as text.
    for (const row of rows) byLookup[Number(row[row.length - 1]) - 1]!.push(row.slice(0, -1));
    batch.forEach((w, i) => w.resolve(byLookup[i]!));
  };

  const runAlone = (batch: Waiting[]): void => {
    for (const w of batch) single(w.args).then(w.resolve, w.reject);
  };

  const ask = perTurn<Waiting>((batch) => {
    if (batch.length === 1) return runAlone(batch);
    runBatch(batch).catch((error: unknown) => {
      // Values PostgreSQL refused (one lookup's, most likely) fail no other lookup: each runs
      // alone, in the next turn, and fails or not as it would have.
      if (refusedValues(error)) setImmediate(runAlone, batch);
      // Anything else (the connection lost, PostgreSQL going down) fails them all, as it would
      // have failed each alone: asked again at once, they would only meet the same failure.
      else for (const w of batch) w.reject(error);
    });
  });

  return (values) =>
    new Promise((resolve, reject) =>
      ask({ args: fillPlaceholders(params, values), resolve, reject }),
    );
}

function openPostgres(url: string, maxConnections: number): Database {
  const client = postgres(url, { max: maxConnections, onnotice: () => {}, connect_timeout: 10 });
  const db = drizzlePg(client, { schema: pgSchema.tables });
  const pgDialect = new PgDialect();
  // The hot paths' point lookups (prepareRows) on a connection of their own that plans each
  // statement once: left to choose, PostgreSQL re-plans such a statement on every execution
  // whenever its generic plan's estimate looks worse than a custom one — for the gate's join
  // of six small tables that planning was ~85 % of the time (490 µs a query against 68 µs
  // with the plan kept, measured at 64 concurrent requests). Every such statement looks up
  // keys by equality, where the generic plan is the custom plan; other queries keep the choice.
  let hot: postgres.Sql | undefined;
  const hotClient = (): postgres.Sql =>
    (hot ??= postgres(url, {
      // One connection, its statements pipelined. With more, postgres.js 3.4 slows down under
      // sustained load: a connection that stays busy is shifted off its `busy` queue and pushed
      // back each query, and that queue's array only shrinks once it is empty — which it never
      // is while several connections are busy — so every query's indexOf scans everything
      // since (the gate at 64 connections fell from 7,100 to 4,200 req/s within 30 s, with
      // Array.prototype.indexOf 16 % of the server's time). One busy connection empties it on
      // every shift. A point lookup costs PostgreSQL a few dozen microseconds: one backend
      // serves more of them than this process can ask for.
      max: 1,
      onnotice: () => {},
      connect_timeout: 10,
      connection: { plan_cache_mode: 'force_generic_plan' },
    }));
  return {
    dialect: 'postgres',
    label: redactDatabaseUrl(url),
    url,
    db,
    t: pgSchema.tables,
    // A transaction's `tx` has the same builder as `db`; only its type differs (no $client).
    // One that PostgreSQL aborts for a conflict with another writer runs again (see
    // runTransaction).
    transaction: (fn) => runTransaction(() => db.transaction((tx) => fn(tx as unknown as Db))),
    rows: async <T>(query: SQL) => [...(await db.execute(query))] as T[],
    prepareRows: (query) => {
      const { sql: text, params } = pgDialect.sqlToQuery(query);
      return batchedLookups(hotClient, text, params);
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), hot?.end({ timeout: 5 })]);
    },
  };
}

export function openDatabase(
  url: string = DEFAULT_DATABASE_URL,
  options: { maxConnections?: number } = {},
): Database {
  const target = parseDatabaseUrl(url);
  return target.dialect === 'sqlite'
    ? openSqlite(target.file)
    : openPostgres(target.url, options.maxConnections ?? 10);
}
