/**
 * Email + Boomstream password. The same answer and the same work for an unknown email as for
 * a wrong password; throttled per account and per client address before the check.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { hashPassword, needsRehash, verifyPassword } from '../crypto/password-hash.ts';
import type { Database } from '../db/client.ts';
import { HTTP } from '../http.ts';
import { ru } from '../i18n/ru.ts';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  clearAttempts,
  consumeAttempt,
  refundAttempt,
  throttleKey,
} from './throttle.ts';
import { findUserByEmail, isPlausibleEmail, normalizeEmail, type UserRow } from './users.ts';

const inputSchema = z.object({
  email: z.string().trim().min(3).max(254),
  // Text, not a number: "012345678" keeps its leading zero.
  password: z.string().min(1).max(128),
});

export type PasswordSignIn =
  | { ok: true; user: UserRow }
  | {
      ok: false;
      status: number;
      error: 'malformed' | 'wrong_credentials' | 'throttled';
      message: string;
      retryAfterInSeconds?: number;
    };

export async function signInWithPassword(
  database: Database,
  input: unknown,
  address: string,
  now: Date = new Date(),
): Promise<PasswordSignIn> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success || !isPlausibleEmail(normalizeEmail(parsed.data.email))) {
    return {
      ok: false,
      status: HTTP.badRequest,
      error: 'malformed',
      message: ru.auth.password.malformed,
    };
  }
  const email = normalizeEmail(parsed.data.email);
  const { password } = parsed.data;
  const addressKey = throttleKey('address', address);
  const accountKey = throttleKey('account', email);

  for (const [key, policy] of [
    [addressKey, ADDRESS_POLICY],
    [accountKey, ACCOUNT_POLICY],
  ] as const) {
    const consumed = await consumeAttempt(database, key, policy, now);
    if (!consumed.allowed) {
      return {
        ok: false,
        status: HTTP.tooManyRequests,
        error: 'throttled',
        message: ru.auth.password.throttled(consumed.retryAfterInSeconds),
        retryAfterInSeconds: consumed.retryAfterInSeconds,
      };
    }
  }

  const user = await findUserByEmail(database, email);
  const valid = await verifyPassword(password, user?.boomPassword ?? null);
  if (!valid || !user)
    return {
      ok: false,
      status: HTTP.unauthorized,
      error: 'wrong_credentials',
      message: ru.auth.password.wrong,
    };

  await clearAttempts(database, accountKey);
  await refundAttempt(database, addressKey);
  if (user.boomPassword && needsRehash(user.boomPassword)) {
    await database.db
      .update(database.t.users)
      .set({ boomPassword: await hashPassword(password) })
      .where(eq(database.t.users.id, user.id));
  }
  return { ok: true, user };
}
