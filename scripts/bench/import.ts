/**
 * Benchmark: `import boomstream-users` on a generated 10,000-row file (never committed), into a
 * fresh SQLite database and — when BENCH_DATABASE_URL or TEST_DATABASE_URL is set — a fresh
 * PostgreSQL database: the first import (every row created, every password hashed) and a
 * re-import of the same file (every row unchanged, every password verified).
 * BENCH_IMPORT_ROWS changes the row count.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { openDatabase, type Database } from '#api/db/client.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { importBoomstreamUsers, readBoomstreamCsv } from '#api/import/boomstream-users.ts';
import { hashingConcurrency } from '#api/import/run-pool.ts';

const ROOT = process.cwd();
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

const FIRST = [
  'Анна',
  'Дмитрий',
  'Ольга',
  'Павел',
  'Ирина',
  'Сергей',
  'Татьяна',
  'Николай',
  'Елена',
  'Максим',
  'Юлия',
  'Андрей',
  'Екатерина',
  'Артём',
  'Мария',
  'Алексей',
];
const LAST = [
  ['Кузнецов', 'kuznetsov'],
  ['Соколов', 'sokolov'],
  ['Смирнов', 'smirnov'],
  ['Морозов', 'morozov'],
  ['Волков', 'volkov'],
  ['Лебедев', 'lebedev'],
  ['Козлов', 'kozlov'],
  ['Новиков', 'novikov'],
  ['Попов', 'popov'],
  ['Фёдоров', 'fedorov'],
  ['Васильев', 'vasiliev'],
  ['Павлов', 'pavlov'],
  ['Алексеев', 'alekseev'],
] as const;

/** Deterministic pseudo-random numbers, so every run imports the same file. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/** A semicolon file with a BOM and CRLF, as Excel saves it; a tenth of the passwords start with 0. */
export function generateUsersCsv(rows: number): string {
  const random = lcg(20_250_301);
  const lines = ['Фамилия;Имя;Электронная почта;Пароль;Телефон'];
  for (let i = 0; i < rows; i++) {
    const first = FIRST[i % FIRST.length]!;
    const [last, latin] = LAST[Math.floor(random() * LAST.length)]!;
    const female = /[аия]$/.test(first);
    const password = String(Math.floor(random() * 1e9)).padStart(9, '0');
    lines.push(
      `${female ? `${last}а` : last};${first};${latin}${female ? 'a' : ''}.${String(i).padStart(5, '0')}@example.ru;${password};+7 900 ${String(i).padStart(7, '0')}`,
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

async function freshPostgres(
  adminUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_import_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function timeRun(
  label: string,
  run: string,
  database: Database,
  bytes: Uint8Array,
): Promise<string> {
  const started = performance.now();
  const read = readBoomstreamCsv(bytes);
  const result = await importBoomstreamUsers(database, read);
  const seconds = (performance.now() - started) / 1000;
  const { created, updated, unchanged, rejected } = result.counts;
  return `| ${label} | ${run} | ${read.rows.length} | ${created} / ${updated} / ${unchanged} / ${rejected} | ${seconds.toFixed(1)} s | ${Math.round(read.rows.length / seconds)} |`;
}

async function benchTarget(label: string, url: string, bytes: Uint8Array): Promise<string[]> {
  const database = openDatabase(url);
  try {
    await migrateDatabase(database);
    return [
      await timeRun(label, 'first import', database, bytes),
      await timeRun(label, 're-import (unchanged)', database, bytes),
    ];
  } finally {
    await database.close();
  }
}

export async function benchImport(): Promise<void> {
  const dir = path.join(ROOT, '.bench', 'import');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `users-${ROWS}.csv`);
  const text = generateUsersCsv(ROWS);
  writeFileSync(file, text);
  const bytes = new TextEncoder().encode(text);

  const parseStarted = performance.now();
  const read = readBoomstreamCsv(bytes);
  const parseMs = performance.now() - parseStarted;
  console.log(
    `${path.relative(ROOT, file)}: ${ROWS} rows, ${(bytes.length / 1024).toFixed(0)} KiB; decode + parse + check: ${parseMs.toFixed(0)} ms (${read.rejected.length} rejected)`,
  );
  console.log(
    `passwords hashed ${hashingConcurrency()} at a time (UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? 'unset'}, ${os.availableParallelism()} cores)\n`,
  );
  console.log(
    '| database | run | rows | created / updated / unchanged / rejected | wall | rows/s |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');

  const sqliteDir = mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  try {
    for (const line of await benchTarget('SQLite', `file:${path.join(sqliteDir, 'app.db')}`, bytes))
      console.log(line);
  } finally {
    rmSync(sqliteDir, { recursive: true, force: true });
  }
  if (!PG_ADMIN_URL) {
    console.log('\n(PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    return;
  }
  const pg = await freshPostgres(PG_ADMIN_URL);
  try {
    for (const line of await benchTarget('PostgreSQL', pg.url, bytes)) console.log(line);
  } finally {
    await pg.drop();
  }
}
