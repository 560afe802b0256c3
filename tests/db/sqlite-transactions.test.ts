/** On SQLite's one connection, a statement from elsewhere never lands inside someone's transaction. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';

let test: TestDatabase;
beforeAll(async () => {
  test = await createSqliteDatabase();
});
afterAll(() => test?.dispose());

describe('SQLite transactions and other requests', () => {
  it('keeps a write made during a transaction that rolls back', async () => {
    const { db, t } = test.database;
    let inside!: () => void;
    const reachedInside = new Promise<void>((resolve) => (inside = resolve));
    const failing = test.database.transaction(async (tx) => {
      await tx.insert(t.users).values({ email: 'rolled-back@example.ru' });
      inside();
      // Give the other "request" every chance to run now.
      for (let i = 0; i < 20; i++) await tx.select().from(t.users);
      throw new Error('half-way');
    });
    await reachedInside;
    // .then() starts the statement now, as awaiting it in another request's handler would.
    const other = db.insert(t.users).values({ email: 'other-request@example.ru' }).returning().then((rows) => rows);
    await expect(failing).rejects.toThrow('half-way');
    expect(await other).toHaveLength(1);
    expect(await db.select().from(t.users).where(eq(t.users.email, 'other-request@example.ru'))).toHaveLength(1);
    expect(await db.select().from(t.users).where(eq(t.users.email, 'rolled-back@example.ru'))).toEqual([]);
  });
});
