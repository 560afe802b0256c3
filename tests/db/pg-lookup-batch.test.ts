/**
 * PostgreSQL's lookup batch (api/db/client.ts, batchedLookups): a hot statement's lookups of one
 * turn of the event loop run as one statement. Each lookup must get exactly what it gets alone,
 * whatever the others ask; one that PostgreSQL refuses fails alone; and every lookup reads the
 * database after it was asked for (nothing is kept between turns).
 */
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#api/db/client.ts';
import {
  createPostgresDatabase,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../support/databases.ts';

let test: TestDatabase;
let database: Database;
const ids: number[] = [];
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

beforeAll(async () => {
  if (!TEST_DATABASE_URL) return;
  test = await createPostgresDatabase();
  database = test.database;
  for (const email of ['a@example.ru', 'b@example.ru', 'c@example.ru']) {
    const [row] = await database.db
      .insert(database.t.users)
      .values({ email })
      .returning({ id: database.t.users.id });
    ids.push(row!.id);
  }
});
afterAll(() => test?.dispose());

describe.skipIf(!TEST_DATABASE_URL)('lookups of one turn on PostgreSQL', () => {
  // A placeholder used twice, one of another type, and the statement's own time: lookups
  // batched together ran in one statement, so they share statement_timestamp().
  const byId = () =>
    database.prepareRows(
      sql`select ${database.t.users.email}, ${sql.placeholder('tag')}::text || ':' || ${sql.placeholder('tag')}, statement_timestamp()::text from ${database.t.users} where ${database.t.users.id} = ${sql.placeholder('id')}`,
    );

  it('gives each lookup asked with others what it gets alone, in one statement', async () => {
    const lookUp = byId();
    const asked = [
      { id: ids[0], tag: 'x' },
      { id: ids[1], tag: 'y' },
      { id: 999_999, tag: 'none' },
      { id: ids[2], tag: 'z' },
      { id: ids[0], tag: 'again' },
    ];
    const together = await Promise.all(asked.map((values) => lookUp(values)));
    const alone: unknown[][][] = [];
    for (const values of asked) {
      await nextTurn();
      alone.push(await lookUp(values));
    }
    const withoutTime = (rows: unknown[][]) => rows.map((row) => row.slice(0, 2));
    expect(together.map(withoutTime)).toEqual(alone.map(withoutTime));
    expect(together.map(withoutTime)).toEqual([
      [['a@example.ru', 'x:x']],
      [['b@example.ru', 'y:y']],
      [],
      [['c@example.ru', 'z:z']],
      [['a@example.ru', 'again:again']],
    ]);
    // Asked together: one statement. Alone, each turn: one statement each.
    const times = (rows: unknown[][][]) => new Set(rows.flat().map((row) => row[2]));
    expect(times(together).size).toBe(1);
    expect(times(alone).size).toBe(4);
  });

  it('gives a lookup of several rows its own rows, in the order the statement gives them', async () => {
    const upTo = database.prepareRows(
      sql`select ${database.t.users.email} from ${database.t.users} where ${database.t.users.id} <= ${sql.placeholder('id')} order by ${database.t.users.id} desc`,
    );
    const [three, one, none] = await Promise.all([
      upTo({ id: ids[2] }),
      upTo({ id: ids[0] }),
      upTo({ id: 0 }),
    ]);
    expect(three).toEqual([['c@example.ru'], ['b@example.ru'], ['a@example.ru']]);
    expect(one).toEqual([['a@example.ru']]);
    expect(none).toEqual([]);
  });

  it('fails only the lookup whose values PostgreSQL refuses', async () => {
    const lookUp = byId();
    const answers = await Promise.allSettled([
      lookUp({ id: ids[0], tag: 'ok' }),
      lookUp({ id: 'not a number', tag: 'bad' }),
      lookUp({ id: ids[1], tag: 'ok' }),
    ]);
    expect(answers[0]).toMatchObject({
      status: 'fulfilled',
      value: [['a@example.ru', 'ok:ok', expect.any(String)]],
    });
    expect(answers[1]).toMatchObject({ status: 'rejected' });
    expect(answers[2]).toMatchObject({
      status: 'fulfilled',
      value: [['b@example.ru', 'ok:ok', expect.any(String)]],
    });
  });

  it('reads what was committed before it was asked: nothing is kept from one batch to the next', async () => {
    const lookUp = byId();
    expect(
      await Promise.all([lookUp({ id: ids[0], tag: 't' }), lookUp({ id: ids[1], tag: 't' })]),
    ).toMatchObject(
      [[['a@example.ru']], [['b@example.ru']]].map((rows) =>
        rows.map((row) => [...row, 't:t', expect.any(String)]),
      ),
    );
    await database.db
      .update(database.t.users)
      .set({ email: 'renamed@example.ru' })
      .where(sql`${database.t.users.id} = ${ids[0]}`);
    const [renamed] = await Promise.all([
      lookUp({ id: ids[0], tag: 't' }),
      lookUp({ id: ids[1], tag: 't' }),
    ]);
    expect(renamed![0]![0]).toBe('renamed@example.ru');
  });

  it('settles every lookup when PostgreSQL ends the connection under load, and serves the next ones', async () => {
    // postgres.js 3.4 left a query sent between a socket's error and its close waiting for good,
    // and every query after it (scripts/patch-postgres.mjs): 64 lookups hung in 2 of 8 tries.
    const lookUp = byId();
    let stop = false;
    let answered = 0;
    const worker = async () => {
      while (!stop) {
        try {
          await lookUp({ id: ids[0], tag: 'load' });
          answered++;
        } catch {
          // Refused while the connection went away: asked again at once.
        }
      }
    };
    const workers = Array.from({ length: 64 }, worker);
    const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      // Several times, at different moments of the lookups in flight.
      for (let round = 0; round < 5; round++) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        await admin.unsafe(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [new URL(test.url).pathname.slice(1)],
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      stop = true;
      await admin.end();
    }
    // Every lookup asked settled: a hung one keeps its worker, and this, waiting.
    const settled = await Promise.race([
      Promise.all(workers).then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 15_000)),
    ]);
    expect(settled).toBe(true);
    expect(answered).toBeGreaterThan(0);
    // And the next lookups, alone and together, are answered with their own rows.
    expect((await lookUp({ id: ids[1], tag: 'after' }))[0]![0]).toBe('b@example.ru');
    const together = await Promise.all([
      lookUp({ id: ids[1], tag: 'a' }),
      lookUp({ id: ids[2], tag: 'b' }),
    ]);
    expect(together.map((rows) => rows[0]!.slice(0, 2))).toEqual([
      ['b@example.ru', 'a:a'],
      ['c@example.ru', 'b:b'],
    ]);
  }, 60_000);

  it('runs a statement with an array parameter one lookup at a time (unnest would flatten it)', async () => {
    const anyOf = database.prepareRows(
      sql`select count(*)::int from ${database.t.users} where ${database.t.users.id} = any(${sql.placeholder('ids')}::int[])`,
    );
    const counts = await Promise.all([
      anyOf({ ids: [ids[0], ids[1]] }),
      anyOf({ ids: [ids[2]] }),
      anyOf({ ids: [] }),
    ]);
    expect(counts).toEqual([[[2]], [[1]], [[0]]]);
  });
});
