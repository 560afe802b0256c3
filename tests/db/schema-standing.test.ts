/**
 * Whether a database carries this build's migrations (api/db/schema-standing.ts), on both
 * dialects: none on a fresh database, all after `migrateDatabase`, and one missing when the
 * last is taken back, as a worker started before the web service's pre-deploy step finds it.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isSchemaMissing } from '#api/db/errors.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import {
  countAppliedMigrations,
  describeSchemaBehind,
  schemaStanding,
  shippedMigrations,
} from '#api/db/schema-standing.ts';
import { dialects, disposeAfterEach } from '../support/databases.ts';

const fresh = disposeAfterEach();

describe.each(dialects)('schema standing on $name', ({ name, create }) => {
  it('is behind on a fresh database, current once migrated, and stays current', async () => {
    const { database } = await fresh(() => create({ migrate: false }));
    const shipped = shippedMigrations(database.dialect);
    expect(shipped).toBeGreaterThan(0);
    const before = await schemaStanding(database);
    expect(before).toEqual({ applied: 0, shipped, current: false });
    expect(describeSchemaBehind(database, before)).toBe(
      `the database ${database.label} has 0 of the ${shipped} migrations this build needs: run "cli migrate" (on Render the web service's pre-deploy command does)`,
    );
    await migrateDatabase(database);
    expect(await schemaStanding(database)).toEqual({ applied: shipped, shipped, current: true });
  });

  it('counts a database one migration short as behind', async () => {
    const { database } = await fresh(create);
    const table = name === 'sqlite' ? sql`__drizzle_migrations` : sql`drizzle.__drizzle_migrations`;
    await database.rows(
      sql`delete from ${table} where created_at = (select max(created_at) from ${table})`,
    );
    const shipped = shippedMigrations(database.dialect);
    expect(await countAppliedMigrations(database)).toBe(shipped - 1);
    expect(await schemaStanding(database)).toMatchObject({ applied: shipped - 1, current: false });
  });

  it('tells a missing table from other failures', async () => {
    const { database } = await fresh(() => create({ migrate: false }));
    const missing = await database.rows(sql`select * from users`).catch((error: unknown) => error);
    expect(isSchemaMissing(missing)).toBe(true);
    const broken = await database.rows(sql`select 1 +`).catch((error: unknown) => error);
    expect(broken).toBeInstanceOf(Error);
    expect(isSchemaMissing(broken)).toBe(false);
  });
});
