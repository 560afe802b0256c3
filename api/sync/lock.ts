/**
 * A named lease in the database, so two syncs (a cron run and a manual one, on any machine)
 * never overlap. A holder that dies leaves a lease that simply expires.
 */
import { and, eq, lte } from 'drizzle-orm';
import type { Database } from '../db/client.ts';

export async function acquireLock(
  database: Database,
  name: string,
  holder: string,
  ttlInMs: number,
  now: Date = new Date(),
): Promise<boolean> {
  const { db, t } = database;
  const expiresAt = new Date(now.getTime() + ttlInMs);
  const inserted = await db
    .insert(t.locks)
    .values({ name, holder, acquiredAt: now, expiresAt })
    .onConflictDoNothing()
    .returning({ name: t.locks.name });
  if (inserted.length) return true;
  // Take over only an expired lease; the condition makes two takers race safely.
  const taken = await db
    .update(t.locks)
    .set({ holder, acquiredAt: now, expiresAt })
    .where(and(eq(t.locks.name, name), lte(t.locks.expiresAt, now)))
    .returning({ name: t.locks.name });
  return taken.length > 0;
}

/** Extends a lease this holder still has; false when it was lost (expired and taken over). */
export async function renewLock(
  database: Database,
  name: string,
  holder: string,
  ttlInMs: number,
  now: Date = new Date(),
): Promise<boolean> {
  const { db, t } = database;
  const renewed = await db
    .update(t.locks)
    .set({ expiresAt: new Date(now.getTime() + ttlInMs) })
    .where(and(eq(t.locks.name, name), eq(t.locks.holder, holder)))
    .returning({ name: t.locks.name });
  return renewed.length > 0;
}

export async function releaseLock(database: Database, name: string, holder: string): Promise<void> {
  await database.db
    .delete(database.t.locks)
    .where(and(eq(database.t.locks.name, name), eq(database.t.locks.holder, holder)));
}
