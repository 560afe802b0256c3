/**
 * Throwaway databases for tests: a fresh SQLite file, and — when TEST_DATABASE_URL is set — a
 * fresh PostgreSQL database created beside the one it names and dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterEach } from 'vitest';
import { openDatabase, type Database } from '#api/db/client.ts';
import { migrateDatabase } from '#api/db/migrate.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export interface TestDatabase {
  url: string;
  database: Database;
  /** Closes the connection and removes the database. */
  dispose(): Promise<void>;
}

export async function createSqliteDatabase({ migrate = true } = {}): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'course-test-'));
  const url = `file:${path.join(dir, 'test.db')}`;
  const database = openDatabase(url);
  if (migrate) await migrateDatabase(database);
  return {
    url,
    database,
    dispose: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createPostgresDatabase({ migrate = true } = {}): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString());
  if (migrate) await migrateDatabase(database);
  return {
    url: url.toString(),
    database,
    dispose: async () => {
      await database.close();
      const cleanup = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** The dialects to run a suite on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const dialects = [
  { name: 'sqlite', create: createSqliteDatabase },
  ...(TEST_DATABASE_URL ? [{ name: 'postgres', create: createPostgresDatabase }] : []),
] as const;

/** Call once per suite; `fresh(create)` then gives a migrated, empty database disposed after each test. */
export function disposeAfterEach(): (
  create: (options?: { migrate?: boolean }) => Promise<TestDatabase>,
) => Promise<TestDatabase> {
  const open: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.dispose()));
  });
  return async (create) => {
    const created = await create();
    open.push(created);
    return created;
  };
}
