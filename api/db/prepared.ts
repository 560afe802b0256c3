/**
 * Statements the hot paths run on every request, prepared once per connection: no query
 * building and (on PostgreSQL) no parse/plan per request. On SQLite they still wait for an
 * open transaction like every other statement, since Drizzle's prepared query executes through
 * the same driver function (client.ts); tests/db/sqlite-transactions.test.ts covers them.
 */
import { sql, type SQL } from 'drizzle-orm';
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

/** The name of the one column in which a SQLite statement of prepareRows gives its row as JSON. */
export const PACKED_ROW = 'packed_row';
/** SQLite takes up to 127 arguments a function by default: a wider row stays in columns. */
const PACKED_MOST = 100;

/**
 * The select list of a hot statement (Database.prepareRows), in the order given. On SQLite, one
 * column, `json_array(…)` of them all, which prepareRows parses back into the row's array:
 * better-sqlite3 builds a row array through V8's slow element stores, about 1,000 instructions
 * a column (callgrind), where one JSON.parse of the packed text costs a few for the whole row.
 * The values come back as the driver gives them: integers and text as they are (SQLite writes a
 * REAL with the digits that read back to the same double), NULL as null. A value of JSON's
 * subtype (json_extract's object, `->`) would come nested, not as text: give it as text
 * (`… || ''`). No BLOB columns. On PostgreSQL the columns are left as they are.
 */
export function rowFields(
  database: Database,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const values = Object.values(fields) as SQL[];
  if (database.dialect !== 'sqlite' || values.length > PACKED_MOST) return fields;
  return { [PACKED_ROW]: sql`json_array(${sql.join(values, sql`, `)})`.as(PACKED_ROW) };
}
