/**
 * What importing the rows would do to the database: create, update (which fields) or leave
 * alone. Runs before and outside the write transaction because it is slow: a stored password
 * can only be compared by re-deriving it (verifyPassword), and new passwords are hashed here so
 * the transaction only writes.
 */
import { inArray, sql } from 'drizzle-orm';
import { hashPassword, verifyPassword } from '../crypto/password-hash.ts';
import type { Database } from '../db/client.ts';
import type { ImportRow } from './boomstream-rows.ts';
import { hashingConcurrency, mapConcurrently } from './run-pool.ts';

export type RowAction = 'created' | 'updated' | 'unchanged';
/** `email`: stored in another case (an old dump); written lower-cased so sign-in finds it. */
export type ChangedField = 'email' | 'first name' | 'last name' | 'password';

export interface PlannedRow {
  row: ImportRow;
  action: RowAction;
  /** Fields that differ from the stored user (empty unless `updated`). */
  changes: ChangedField[];
  /** The existing user (updated, unchanged). */
  userId?: number;
  /** The new password's hash, when it must be written and hashing was asked for. */
  passwordHash?: string;
}

export interface PlanOptions {
  /** Hash the passwords that will be written (false for a dry run, which writes nothing). */
  hash: boolean;
  concurrency?: number;
  /** Called after each row is planned. */
  onProgress?: (done: number, total: number) => void;
}

interface StoredUser {
  id: number;
  email: string | null;
  firstName: string;
  lastName: string;
  boomPassword: string | null;
}

const LOOKUP_CHUNK = 500;

async function findExisting(
  database: Database,
  emails: readonly string[],
): Promise<Map<string, StoredUser>> {
  const { db, t } = database;
  const found = new Map<string, StoredUser>();
  for (let i = 0; i < emails.length; i += LOOKUP_CHUNK) {
    const chunk = emails.slice(i, i + LOOKUP_CHUNK);
    const users = await db
      .select({
        id: t.users.id,
        email: t.users.email,
        firstName: t.users.firstName,
        lastName: t.users.lastName,
        boomPassword: t.users.boomPassword,
      })
      .from(t.users)
      // lower(): rows loaded from an old dump may not be lower-cased yet; they still match.
      .where(inArray(sql`lower(${t.users.email})`, chunk));
    for (const user of users) if (user.email) found.set(user.email.toLowerCase(), user);
  }
  return found;
}

async function planRow(
  row: ImportRow,
  stored: StoredUser | undefined,
  hash: boolean,
): Promise<PlannedRow> {
  if (!stored)
    return {
      row,
      action: 'created',
      changes: [],
      ...(hash ? { passwordHash: await hashPassword(row.password) } : {}),
    };
  const changes: ChangedField[] = [];
  if (stored.email !== row.email) changes.push('email');
  if (row.firstName !== undefined && row.firstName !== stored.firstName) changes.push('first name');
  if (row.lastName !== undefined && row.lastName !== stored.lastName) changes.push('last name');
  // No stored hash (an account made through Telegram or Google): nothing to compare, skip the cost.
  const samePassword =
    stored.boomPassword !== null && (await verifyPassword(row.password, stored.boomPassword));
  if (!samePassword) changes.push('password');
  const passwordHash = hash && !samePassword ? await hashPassword(row.password) : undefined;
  return {
    row,
    action: changes.length ? 'updated' : 'unchanged',
    changes,
    userId: stored.id,
    ...(passwordHash ? { passwordHash } : {}),
  };
}

export async function planRows(
  database: Database,
  rows: readonly ImportRow[],
  options: PlanOptions,
): Promise<PlannedRow[]> {
  const existing = await findExisting(
    database,
    rows.map((r) => r.email),
  );
  let done = 0;
  return mapConcurrently(rows, options.concurrency ?? hashingConcurrency(), async (row) => {
    const planned = await planRow(row, existing.get(row.email), options.hash);
    options.onProgress?.(++done, rows.length);
    return planned;
  });
}
