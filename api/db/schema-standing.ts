/**
 * Whether the database carries the migrations this build ships. Only the web service migrates
 * (Render's pre-deploy step, `cli migrate`; npm start does it too), so the processes that share
 * the database ask before they serve: the bot worker waits for them (bot/main.ts), and
 * `/healthz` answers 503 while they are missing, so no instance takes students to a schema that
 * would fail every sign-in with "no such table".
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database, Dialect } from './client.ts';
import { isSchemaMissing } from './errors.ts';

export function migrationsFolder(dialect: Dialect): string {
  const sub = dialect === 'sqlite' ? 'sqlite' : 'pg';
  const beside = fileURLToPath(new URL(`./migrations/${sub}`, import.meta.url));
  // When this module is bundled (the Astro server, dist/node), fall back to the repository layout.
  return existsSync(beside) ? beside : path.resolve(process.cwd(), 'api/db/migrations', sub);
}

const shipped = new Map<Dialect, number>();

/** How many migrations this build ships for the dialect: the entries of drizzle-kit's journal. */
export function shippedMigrations(dialect: Dialect): number {
  let count = shipped.get(dialect);
  if (count === undefined) {
    const journal = path.join(migrationsFolder(dialect), 'meta', '_journal.json');
    const { entries } = JSON.parse(readFileSync(journal, 'utf8')) as { entries: unknown[] };
    shipped.set(dialect, (count = entries.length));
  }
  return count;
}

/** How many migrations the database has applied: none where drizzle's own table is missing. */
export async function countAppliedMigrations(database: Database): Promise<number> {
  const table =
    database.dialect === 'sqlite' ? sql`__drizzle_migrations` : sql`drizzle.__drizzle_migrations`;
  try {
    const [row] = await database.rows<{ n: number | string }>(
      sql`select count(*) as n from ${table}`,
    );
    return Number(row?.n ?? 0);
  } catch (error) {
    if (isSchemaMissing(error)) return 0;
    throw error;
  }
}

export interface SchemaStanding {
  applied: number;
  shipped: number;
  /** Every migration this build ships is applied (a newer build's extra ones do no harm). */
  current: boolean;
}

/** Databases found current: migrations are only ever added, so they stay current. */
const current = new WeakSet<Database>();

export async function schemaStanding(database: Database): Promise<SchemaStanding> {
  const expected = shippedMigrations(database.dialect);
  if (current.has(database)) return { applied: expected, shipped: expected, current: true };
  const applied = await countAppliedMigrations(database);
  const standing = { applied, shipped: expected, current: applied >= expected };
  if (standing.current) current.add(database);
  return standing;
}

/** For the logs: what is missing and what the operator runs. */
export function describeSchemaBehind(database: Database, standing: SchemaStanding): string {
  return `the database ${database.label} has ${standing.applied} of the ${standing.shipped} migrations this build needs: run "cli migrate" (on Render the web service's pre-deploy command does)`;
}
