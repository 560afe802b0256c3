/**
 * SQLite's read batch (api/db/client.ts, ReadBatch): the hot paths' point lookups of one turn of
 * the event loop share one read transaction. What that may and may not change:
 * - a lookup sees every write committed before its turn, by this process or another (a second
 *   instance on the same file): at most one turn late, never more;
 * - nothing else runs inside the batch: this process's writes and transactions wait for the
 *   turn to end and are then committed as usual, and a later lookup sees them;
 * - the batch ends by itself (a WAL checkpoint can pass it), and closing the database while one
 *   is open leaves nothing behind that throws.
 */
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, withSqliteClient, type Database } from '#api/db/client.ts';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';

let test: TestDatabase;
/** The same file through a connection of its own: another instance, or the CLI. */
let other: Database;
let lookUp: (values: Record<string, unknown>) => Promise<unknown[][]>;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const emails = async (): Promise<string[]> =>
  (await lookUp({})).map((row) => String(row[0])).sort();

beforeEach(async () => {
  test = await createSqliteDatabase();
  other = openDatabase(test.url);
  lookUp = test.database.prepareRows(sql`select email from users`);
});
afterEach(async () => {
  await other.close();
  await test.dispose();
});

const addUser = (database: Database, email: string) =>
  database.db.insert(database.t.users).values({ email });

describe('the read batch of one turn', () => {
  it('sees what another connection committed before the turn, and from the next turn on what it committed during it', async () => {
    await addUser(other, 'before@example.ru');
    expect(await emails()).toEqual(['before@example.ru']);
    // Committed by the other connection while this turn's batch is open: not yet seen...
    await addUser(other, 'during@example.ru');
    expect(await emails()).toEqual(['before@example.ru']);
    // ...and seen from the next turn on.
    await nextTurn();
    expect(await emails()).toEqual(['before@example.ru', 'during@example.ru']);
  });

  it('lets no write of its own process in: it waits for the turn to end, is committed, and is seen', async () => {
    expect(await emails()).toEqual([]);
    let written = false;
    const write = addUser(test.database, 'mine@example.ru').then(() => (written = true));
    // Still this turn: the write has not run, so it cannot have joined the read transaction.
    await Promise.resolve();
    expect(written).toBe(false);
    expect(await emails()).toEqual([]);
    await write;
    expect(await emails()).toEqual(['mine@example.ru']);
    // Committed for real: another connection reads it too.
    const [row] = await other.rows<{ email: string }>(sql`select email from users`);
    expect(row).toMatchObject({ email: 'mine@example.ru' });
  });

  it('makes a transaction wait for the turn, and lookups wait for the transaction', async () => {
    expect(await emails()).toEqual([]);
    let committed = false;
    const transaction = test.database.transaction(async (tx) => {
      await tx.insert(test.database.t.users).values({ email: 'tx@example.ru' });
      committed = true;
    });
    await Promise.resolve();
    expect(committed).toBe(false);
    await transaction;
    expect(committed).toBe(true);
    expect(await emails()).toEqual(['tx@example.ru']);
  });

  it('ends with the turn: a checkpoint on another connection can then truncate the WAL', async () => {
    await addUser(other, 'a@example.ru');
    expect(await emails()).toEqual(['a@example.ru']);
    await nextTurn();
    const [result] = await other.rows<{ busy: number }>(sql`pragma wal_checkpoint(truncate)`);
    // busy = 0: no reader held the log back.
    expect(result).toMatchObject({ busy: 0 });
  });

  it('gives the connection back when a batch cannot begin', async () => {
    // Some code began a transaction of its own on the raw connection: BEGIN fails.
    await withSqliteClient(test.database, (client) => client.exec('BEGIN'));
    await expect(lookUp({})).rejects.toThrow(/within a transaction/);
    await withSqliteClient(test.database, (client) => client.exec('ROLLBACK'));
    // Not stuck: the next lookup and a write both go through.
    expect(await emails()).toEqual([]);
    await addUser(test.database, 'after@example.ru');
    expect(await emails()).toEqual(['after@example.ru']);
  });

  it('leaves nothing that throws when the database is closed while a batch is open', async () => {
    expect(await emails()).toEqual([]);
    await test.database.close();
    await nextTurn();
    await nextTurn();
    // dispose closes it again: a no-op on better-sqlite3.
  });
});
