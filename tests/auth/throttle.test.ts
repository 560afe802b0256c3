import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  clearAttempts,
  consumeAttempt,
  currentState,
  lockSecondsAfter,
  refundAttempt,
  throttleKey,
} from '#api/auth/throttle.ts';
import { dialects, type TestDatabase } from '../support/databases.ts';

describe('lockSecondsAfter (account policy)', () => {
  it.each([
    [1, 0],
    [4, 0],
    [5, 60],
    [6, 120],
    [7, 240],
    [10, 1_920],
    [15, 61_440],
    [16, 86_400],
    [1_000, 86_400],
  ])('%i failures → %i s', (failures, seconds) =>
    expect(lockSecondsAfter(failures, ACCOUNT_POLICY)).toBe(seconds),
  );
});

/**
 * The best an attacker can do against one account: guess whenever the lock allows, or wait
 * for the counter to be forgotten and start over, whichever is faster. Returns guesses per day.
 */
function bestGuessRatePerDay(policy: typeof ACCOUNT_POLICY): number {
  let best = 0;
  for (let burst = policy.freeFailures; burst <= 60; burst++) {
    // `burst` guesses, each after the lock of the one before, then wait out the last lock + forget.
    let seconds = 0;
    for (let k = 1; k < burst; k++) seconds += lockSecondsAfter(k, policy);
    seconds += lockSecondsAfter(burst, policy) + policy.forgetAfterInSeconds;
    best = Math.max(best, burst / (seconds / 86_400));
  }
  // Or never reset: at the cap one guess per maxLock.
  return Math.max(best, 86_400 / policy.maxLockInSeconds);
}

describe('the policy against guessing a 9-digit password', () => {
  it('keeps the expected time to guess one account above 10,000 years', () => {
    const perDay = bestGuessRatePerDay(ACCOUNT_POLICY);
    const expectedGuesses = 10 ** 9 / 2;
    const years = expectedGuesses / perDay / 365.25;
    expect(perDay).toBeLessThan(12);
    expect(years).toBeGreaterThan(10_000);
  });
});

describe.each(dialects)('throttle rows on $name', ({ create }) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await create();
  });
  afterAll(() => test?.dispose());
  const t0 = new Date('2026-01-01T00:00:00Z');
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

  it('allows the free tries, then locks with growing waits, and forgets a day after the last lock', async () => {
    const key = throttleKey('account', `a-${Math.random()}`);
    for (let i = 0; i < 5; i++)
      expect(await consumeAttempt(test.database, key, ACCOUNT_POLICY, at(i))).toEqual({
        allowed: true,
      });
    expect(await consumeAttempt(test.database, key, ACCOUNT_POLICY, at(5))).toEqual({
      allowed: false,
      retryAfterInSeconds: 59,
    });
    expect(await consumeAttempt(test.database, key, ACCOUNT_POLICY, at(64))).toEqual({
      allowed: true,
    });
    expect(await consumeAttempt(test.database, key, ACCOUNT_POLICY, at(65))).toEqual({
      allowed: false,
      retryAfterInSeconds: 119,
    });
    const [row] = await test.database.db.select().from(test.database.t.authThrottles);
    expect(currentState(row, at(184 + 86_400), ACCOUNT_POLICY).failures).toBe(0);
    expect(currentState(row, at(184 + 86_000), ACCOUNT_POLICY).failures).toBe(6);
  });

  it('counts every one of many parallel attempts (no slipping past the lock)', async () => {
    const key = throttleKey('account', `parallel-${Math.random()}`);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => consumeAttempt(test.database, key, ACCOUNT_POLICY, t0)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });

  it('starts over after a right password, and refunds the address its try', async () => {
    const account = throttleKey('account', `c-${Math.random()}`);
    const address = throttleKey('address', `d-${Math.random()}`);
    for (let i = 0; i < 4; i++) await consumeAttempt(test.database, account, ACCOUNT_POLICY, t0);
    await clearAttempts(test.database, account);
    for (let i = 0; i < 5; i++)
      expect((await consumeAttempt(test.database, account, ACCOUNT_POLICY, t0)).allowed).toBe(true);
    await consumeAttempt(test.database, address, ADDRESS_POLICY, t0);
    await consumeAttempt(test.database, address, ADDRESS_POLICY, t0);
    await refundAttempt(test.database, address);
    const rows = await test.database.db.select().from(test.database.t.authThrottles);
    expect(rows.find((r) => r.key === address)?.failures).toBe(1);
  });

  const later = at(120);
  /**
   * 20 wrong passwords from one address, the lock of the 21st waited out, then a right
   * password's try consumed (past the free tries, it locks the address): the key.
   */
  async function rightPasswordPastTheFreeTries(name: string): Promise<string> {
    const address = throttleKey('address', `${name}-${Math.random()}`);
    for (let i = 0; i < 21; i++) await consumeAttempt(test.database, address, ADDRESS_POLICY, t0);
    expect((await consumeAttempt(test.database, address, ADDRESS_POLICY, later)).allowed).toBe(
      true,
    );
    return address;
  }

  it('past the free tries, a right password leaves the address unlocked for the next student', async () => {
    const address = await rightPasswordPastTheFreeTries('classroom');
    // Its try is given back with the lock it set.
    await refundAttempt(test.database, address);
    // The next student on the same address signs in at once, twice in a row.
    for (let i = 0; i < 2; i++) {
      expect(await consumeAttempt(test.database, address, ADDRESS_POLICY, later)).toEqual({
        allowed: true,
      });
      await refundAttempt(test.database, address);
    }
    // A wrong password still locks it again, as the escalation says.
    await consumeAttempt(test.database, address, ADDRESS_POLICY, later);
    expect((await consumeAttempt(test.database, address, ADDRESS_POLICY, later)).allowed).toBe(
      false,
    );
  });

  it('refuses every other try while a right password is being checked past the free tries', async () => {
    const address = await rightPasswordPastTheFreeTries('race');
    // The try in flight holds the lock, so no guess can be counted before its refund: the only
    // lock the refund lifts is its own.
    const guesses = await Promise.all(
      Array.from({ length: 5 }, () =>
        consumeAttempt(test.database, address, ADDRESS_POLICY, later),
      ),
    );
    expect(guesses.every((g) => !g.allowed)).toBe(true);
    await refundAttempt(test.database, address);
    expect((await consumeAttempt(test.database, address, ADDRESS_POLICY, later)).allowed).toBe(
      true,
    );
  });
});
