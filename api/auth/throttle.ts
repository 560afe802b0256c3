/**
 * Sign-in throttling kept in the database, so it holds across restarts and web instances.
 *
 * Every attempt first *consumes* a try (atomically, compare-and-swap on the row), then the
 * password is checked, and a right password gives the account's try back. So a flood of
 * parallel guesses cannot slip past the lock: each one is counted before it is checked.
 *
 * After `freeFailures` failures each further failure locks the key for
 * base × 2^(failures − freeFailures) seconds, capped at `maxLockInSeconds`. The counter is
 * forgotten only `forgetAfterInSeconds` after the last lock ended with no new failure.
 */
import { and, eq, isNull, or, lte } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { sha256Hex } from './tokens.ts';

export interface ThrottlePolicy {
  freeFailures: number;
  baseLockInSeconds: number;
  maxLockInSeconds: number;
  forgetAfterInSeconds: number;
}

/** Per account: 5 free tries, then 1 min, 2 min, 4 min … up to one try a day. */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  baseLockInSeconds: 60,
  maxLockInSeconds: 86_400,
  forgetAfterInSeconds: 86_400,
};
/** Per client address: more room (a classroom shares one address), same escalation. */
export const ADDRESS_POLICY: ThrottlePolicy = {
  freeFailures: 20,
  baseLockInSeconds: 60,
  maxLockInSeconds: 86_400,
  forgetAfterInSeconds: 86_400,
};

export function lockSecondsAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  const exponent = Math.min(failures - policy.freeFailures, 40);
  return Math.min(policy.baseLockInSeconds * 2 ** exponent, policy.maxLockInSeconds);
}

export function throttleKey(kind: 'account' | 'address' | string, value: string): string {
  return sha256Hex(`${kind}:${value}`);
}

export type Consumed = { allowed: true } | { allowed: false; retryAfterInSeconds: number };

interface Row {
  failures: number;
  lockedUntil: Date | null;
  lastFailureAt: Date | null;
}

/** Where a stored row stands at `now`: locked, or the failure count to continue from. */
export function currentState(
  row: Row | undefined,
  now: Date,
  policy: ThrottlePolicy,
): { lockedForInSeconds: number; failures: number } {
  if (!row) return { lockedForInSeconds: 0, failures: 0 };
  if (row.lockedUntil && row.lockedUntil > now) {
    return {
      lockedForInSeconds: Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000),
      failures: row.failures,
    };
  }
  const quietSince = Math.max(row.lockedUntil?.getTime() ?? 0, row.lastFailureAt?.getTime() ?? 0);
  const forgotten = now.getTime() - quietSince >= policy.forgetAfterInSeconds * 1000;
  return { lockedForInSeconds: 0, failures: forgotten ? 0 : row.failures };
}

/** Counts one attempt against `key`; refuses it while the key is locked. */
export async function consumeAttempt(
  database: Database,
  key: string,
  policy: ThrottlePolicy,
  now: Date = new Date(),
): Promise<Consumed> {
  const { db, t } = database;
  for (let attempt = 0; attempt < 20; attempt++) {
    const [row] = await db.select().from(t.authThrottles).where(eq(t.authThrottles.key, key));
    const state = currentState(row, now, policy);
    if (state.lockedForInSeconds > 0)
      return { allowed: false, retryAfterInSeconds: state.lockedForInSeconds };
    const failures = state.failures + 1;
    const lockSeconds = lockSecondsAfter(failures, policy);
    const values = {
      failures,
      lastFailureAt: now,
      lockedUntil: lockSeconds ? new Date(now.getTime() + lockSeconds * 1000) : null,
    };
    if (!row) {
      const inserted = await db
        .insert(t.authThrottles)
        .values({ key, ...values })
        .onConflictDoNothing()
        .returning({ key: t.authThrottles.key });
      if (inserted.length) return { allowed: true };
      continue;
    }
    // Compare-and-swap: only if nobody else counted an attempt since we read the row.
    const updated = await db
      .update(t.authThrottles)
      .set(values)
      .where(
        and(
          eq(t.authThrottles.key, key),
          eq(t.authThrottles.failures, row.failures),
          row.lastFailureAt
            ? eq(t.authThrottles.lastFailureAt, row.lastFailureAt)
            : isNull(t.authThrottles.lastFailureAt),
        ),
      )
      .returning({ key: t.authThrottles.key });
    if (updated.length) return { allowed: true };
  }
  throw new Error(`throttle row ${key.slice(0, 8)}… kept changing under us`);
}

/** A right password: the account's counter starts over. */
export async function clearAttempts(database: Database, key: string): Promise<void> {
  await database.db.delete(database.t.authThrottles).where(eq(database.t.authThrottles.key, key));
}

/**
 * Gives back the try a successful attempt consumed (the address's counter), lock and all.
 * The key was not locked when the try was consumed (else it would have been refused), so the
 * only lock on the row is the one that try put there, and it goes with it: past the free
 * tries, a right password must not lock out the next person on the same address (a
 * classroom). No other attempt can be counted in between: past the free tries the consumed
 * try's own lock refuses them, and below them there is no lock to lift. (Should the row move
 * anyway, the compare-and-swap on the count gives nothing back.)
 */
export async function refundAttempt(database: Database, key: string): Promise<void> {
  const { db, t } = database;
  const [row] = await db.select().from(t.authThrottles).where(eq(t.authThrottles.key, key));
  if (!row || row.failures <= 0) return;
  await db
    .update(t.authThrottles)
    .set({ failures: row.failures - 1, lockedUntil: null })
    .where(and(eq(t.authThrottles.key, key), eq(t.authThrottles.failures, row.failures)));
}

/** Removes rows nobody needs any more (forgotten counters). */
export async function pruneThrottles(
  database: Database,
  policy: ThrottlePolicy,
  now: Date = new Date(),
): Promise<void> {
  const { db, t } = database;
  const cutoff = new Date(now.getTime() - policy.forgetAfterInSeconds * 1000);
  await db
    .delete(t.authThrottles)
    .where(
      and(
        or(isNull(t.authThrottles.lockedUntil), lte(t.authThrottles.lockedUntil, cutoff)),
        lte(t.authThrottles.lastFailureAt, cutoff),
      ),
    );
}
