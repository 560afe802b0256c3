/** Applies the committed drizzle-kit migrations of the database's dialect. */
import { sql } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { migrate as migratePg } from 'drizzle-orm/postgres-js/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { withSqliteClient, type Database } from './client.ts';
import { countAppliedMigrations, migrationsFolder } from './schema-standing.ts';

export { migrationsFolder } from './schema-standing.ts';

/** An arbitrary constant: the advisory lock that keeps two deploys from migrating at once. */
const MIGRATION_LOCK_ID = 724_311_001;

export interface MigrationReport {
  applied: number;
  total: number;
}

export async function migrateDatabase(database: Database): Promise<MigrationReport> {
  const migrationsDir = migrationsFolder(database.dialect);
  const before = await countAppliedMigrations(database);
  if (database.dialect === 'sqlite') {
    // Drizzle's better-sqlite3 migrator (its own BEGIN…COMMIT, synchronous) on the connection,
    // while no transaction of ours is open.
    await withSqliteClient(database, (client) =>
      migrateSqlite(drizzleSqlite(client), { migrationsFolder: migrationsDir }),
    );
  } else {
    // One dedicated connection, so the session-level advisory lock and the migration share it.
    const client = postgres(database.url, { max: 1, onnotice: () => {} });
    const db = drizzlePg(client);
    try {
      await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`);
      await migratePg(db, { migrationsFolder: migrationsDir });
    } finally {
      await client.end({ timeout: 5 });
    }
  }
  const after = await countAppliedMigrations(database);
  return { applied: after - before, total: after };
}
