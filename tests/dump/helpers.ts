/** Throwaway databases that a suite disposes after each test. */
import { afterEach } from 'vitest';
import type { TestDatabase } from '../support/databases.ts';

type Factory = (options?: { migrate?: boolean }) => Promise<TestDatabase>;

/** Call once per suite; `fresh(create)` then gives a migrated, empty database. */
export function disposeAfterEach(): (create: Factory) => Promise<TestDatabase> {
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
