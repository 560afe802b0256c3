/**
 * Statements the hot paths run on every request, prepared once per connection: no query
 * building and (on PostgreSQL) no parse/plan per request. On SQLite they still wait for an
 * open transaction like every other statement, since Drizzle's prepared query executes through
 * the same driver function (client.ts); tests/db/sqlite-transactions.test.ts covers them.
 */
import type { Database } from './client.ts';

const cache = new WeakMap<Database, Map<string, unknown>>();

/** The statement `name` for this database, built by `build` the first time it is asked for. */
export function preparedStatement<T>(
  database: Database,
  name: string,
  build: (database: Database) => T,
): T {
  let statements = cache.get(database);
  if (!statements) cache.set(database, (statements = new Map()));
  if (!statements.has(name)) statements.set(name, build(database));
  return statements.get(name) as T;
}
