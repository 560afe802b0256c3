/** Applies the committed drizzle-kit migrations of the database's dialect. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { migrate as migratePg } from 'drizzle-orm/postgres-js/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { withSqliteClient, type Database, type Dialect } from './client.ts';

/** An arbitrary constant: the advisory lock that keeps two deploys from migrating at once. */
const MIGRATION_LOCK_ID = 724_311_001;

export function migrationsFolder(dialect: Dialect): string {
  const sub = dialect === 'sqlite' ? 'sqlite' : 'pg';
  const beside = fileURLToPath(new URL(`./migrations/${sub}`, import.meta.url));
  // When this module is bundled (the Astro server), fall back to the repository layout.
  return existsSync(beside) ? beside : path.resolve(process.cwd(), 'api/db/migrations', sub);
}

export interface MigrationReport {
  applied: number;
  total: number;
}

async function countApplied(database: Database): Promise<number> {
  try {
    const table =
      database.dialect === 'sqlite' ? sql`__drizzle_migrations` : sql`drizzle.__drizzle_migrations`;
    const [row] = await database.rows<{ n: number | string }>(
      sql`select count(*) as n from ${table}`,
    );
    return Number(row?.n ?? 0);
  } catch {
    return 0;
  }
}

export async function migrateDatabase(database: Database): Promise<MigrationReport> {
  const migrationsDir = migrationsFolder(database.dialect);
  const before = await countApplied(database);
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
  const after = await countApplied(database);
  return { applied: after - before, total: after };
}
