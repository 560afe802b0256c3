/**
 * The hook point for rewriting a table's records as a load reads them, BEFORE they are
 * validated, defaulted or written. Use it when the stored form of a value changed and older
 * dumps still carry the old form.
 *
 * `users`: a dump from the old deployment may carry Boomstream passwords in plain text; they are
 * hashed here, so a plain password never reaches the database. Hashes load as they are.
 */
import { hashPassword, isPasswordHash } from '../crypto/password-hash.ts';
import type { Dialect } from './client.ts';

export interface TransformContext {
  /** The dump's format version (older versions may need more rewriting). */
  version: number;
  dialect: Dialect;
}

/**
 * Receives the raw records of one table as they are in the file (records may lack fields, or
 * not even be objects: validation comes after) and returns the records to validate instead.
 * Runs outside the write transaction, so slow work (hashing) is fine here.
 */
export type TableRecordsTransform = (
  records: readonly unknown[],
  context: TransformContext,
) => unknown[] | Promise<unknown[]>;

/** Database table name → its transform. Tables not listed load as they are. */
export const beforeValidationTransforms: Readonly<Record<string, TableRecordsTransform>> = {
  users: async (records) => lowerCaseEmails(await hashPlainBoomPasswords(records)),
};

/** Emails compare case-insensitively because they are stored lower-cased; an old dump may not be. */
export function lowerCaseEmails(records: readonly unknown[]): unknown[] {
  return records.map((record) => {
    const email = (record as { email?: unknown } | null)?.email;
    return typeof email === 'string'
      ? { ...(record as object), email: email.normalize('NFC').trim().toLowerCase() }
      : record;
  });
}

/** Hashes every `boom_password` that is text but not yet a hash; a few at a time (scrypt is slow). */
export async function hashPlainBoomPasswords(records: readonly unknown[]): Promise<unknown[]> {
  const out = [...records];
  const pending: number[] = [];
  out.forEach((record, i) => {
    const value = (record as { boom_password?: unknown } | null)?.boom_password;
    if (typeof value === 'string' && value !== '' && !isPasswordHash(value)) pending.push(i);
  });
  const parallel = 4;
  for (let start = 0; start < pending.length; start += parallel) {
    await Promise.all(
      pending.slice(start, start + parallel).map(async (i) => {
        const record = out[i] as Record<string, unknown>;
        out[i] = { ...record, boom_password: await hashPassword(record.boom_password as string) };
      }),
    );
  }
  return out;
}
