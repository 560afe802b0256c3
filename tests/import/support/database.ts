/** Throwaway databases for the import suites, and what the tests look at in them. */
import { sql } from 'drizzle-orm';
import type { UserRow } from '#api/auth/users.ts';
import type { Database } from '#api/db/client.ts';
import {
  importBoomstreamUsers,
  readBoomstreamCsv,
  type BoomstreamImportResult,
  type ImportOptions,
  type ReadOptions,
} from '#api/import/boomstream-users.ts';
import { disposeAfterEach, type TestDatabase } from '#tests/support/databases.ts';
import { utf8 } from './fixtures.ts';

/** Call once per suite; `fresh(create)` gives a migrated, empty database disposed after the test. */
export function freshDatabases(): (create: () => Promise<TestDatabase>) => Promise<Database> {
  const fresh = disposeAfterEach();
  return async (create) => (await fresh(create)).database;
}

/** Every users row, every column, by id: equal snapshots mean nothing was written. */
export function snapshotUsers(database: Database): Promise<UserRow[]> {
  return database.db.select().from(database.t.users).orderBy(database.t.users.id);
}

export async function userByEmail(database: Database, email: string): Promise<UserRow> {
  const user = (await snapshotUsers(database)).find((u) => u.email === email);
  if (!user) throw new Error(`no user ${email}`);
  return user;
}

async function exec(database: Database, statement: string): Promise<void> {
  await database.rows(sql.raw(statement));
}

/** Makes the database itself refuse any insert or update of the user with this email. */
export async function refuseEmail(database: Database, email: string): Promise<void> {
  if (database.dialect === 'sqlite') {
    for (const event of ['insert', 'update']) {
      await exec(
        database,
        `create trigger refuse_${event} before ${event} on users when new.email = '${email}' begin select raise(abort, 'refused by the test trigger'); end`,
      );
    }
    return;
  }
  await exec(
    database,
    `create function refuse_user() returns trigger language plpgsql as $$ begin if new.email = '${email}' then raise exception 'refused by the test trigger'; end if; return new; end $$`,
  );
  await exec(
    database,
    'create trigger refuse_user before insert or update on users for each row execute function refuse_user()',
  );
}

/** Reads CSV text (or bytes) and imports it: the path the CLI takes, without the CLI. */
export function importCsv(
  database: Database,
  source: string | Uint8Array,
  options: ReadOptions & ImportOptions = {},
): Promise<BoomstreamImportResult> {
  const read = readBoomstreamCsv(typeof source === 'string' ? utf8(source) : source, options);
  return importBoomstreamUsers(database, read, options);
}

/** email → what the plan did, for compact expectations. */
export function actions(result: BoomstreamImportResult): Record<string, string> {
  return Object.fromEntries(
    result.planned.map((p) => [
      p.row.email,
      p.action === 'updated' ? `updated: ${p.changes.join(', ')}` : p.action,
    ]),
  );
}
