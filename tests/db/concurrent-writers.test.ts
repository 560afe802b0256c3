/**
 * Two writers at once on PostgreSQL, as in production: the sync's transaction writes students'
 * progress while an import adds the same students to the roster, in the other order. Each row
 * they write moves its student's access mark (access_marks, migration 0008), a row both
 * transactions lock — so they can wait on each other, and PostgreSQL then aborts one
 * (deadlock_detected). Neither may fail for it: the aborted one runs again once the other has
 * committed (api/db/client.ts), and everything both wrote is there, each change counted once.
 */
import { describe, expect, it } from 'vitest';
import type { Database } from '#api/db/client.ts';
import {
  createPostgresDatabase,
  disposeAfterEach,
  TEST_DATABASE_URL,
} from '../support/databases.ts';

const fresh = disposeAfterEach();

async function addUsers(database: Database, count: number): Promise<number[]> {
  const rows = await database.db
    .insert(database.t.users)
    .values(Array.from({ length: count }, (_, i) => ({ email: `writer${i}@example.ru` })))
    .returning({ id: database.t.users.id });
  return rows.map((row) => row.id);
}

/** Resolves once `parties` callers are waiting in it. */
function barrier(parties: number): () => Promise<void> {
  let waiting = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++waiting === parties) open();
    return opened;
  };
}

describe.skipIf(!TEST_DATABASE_URL)('two writers on PostgreSQL', () => {
  it('both commit when they lock the same students in opposite orders', async () => {
    const { database } = await fresh(createPostgresDatabase);
    const { t } = database;
    const [first, second] = await addUsers(database, 2);
    const marks = async () =>
      new Map(
        (await database.db.select().from(t.accessMarks)).map((row) => [
          Number(row.userId),
          Number(row.version),
        ]),
      );
    const before = await marks();
    // The first attempt of each meets the other halfway; a second attempt goes straight through.
    const halfway = barrier(2);
    let syncRuns = 0;
    let importRuns = 0;
    const sync = database.transaction(async (tx) => {
      syncRuns++;
      for (const [i, userId] of [first!, second!].entries()) {
        await tx.insert(t.lessonProgress).values({ userId, lessonId: 7, stepsPassed: 1 });
        if (i === 0 && syncRuns === 1) await halfway();
      }
    });
    const roster = database.transaction(async (tx) => {
      importRuns++;
      for (const [i, userId] of [second!, first!].entries()) {
        await tx.insert(t.courseRoster).values({ userId, source: 'cli' });
        if (i === 0 && importRuns === 1) await halfway();
      }
    });
    await expect(Promise.all([sync, roster])).resolves.toBeDefined();
    // One of them was aborted by PostgreSQL and ran again; the other ran once.
    expect(syncRuns + importRuns).toBe(3);
    expect(await database.db.$count(t.lessonProgress)).toBe(2);
    expect(await database.db.$count(t.courseRoster)).toBe(2);
    // Each student's mark moved once per row written for them: nothing of the aborted run stayed.
    const after = await marks();
    for (const userId of [first!, second!])
      expect((after.get(userId) ?? 0) - (before.get(userId) ?? 0)).toBe(2);
  });
});
