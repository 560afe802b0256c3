/**
 * The hook point for rewriting a table's records as a load reads them, BEFORE they are
 * validated, defaulted or written. Use it when the stored form of a value changed and older
 * dumps still carry the old form.
 *
 * Planned: `users` — hash plain-text Boomstream passwords in `boom_password` (9 digits) into the
 * scrypt form the `users` table stores, leaving values that are already hashes alone.
 */
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
export type TableRecordsTransform = (records: readonly unknown[], context: TransformContext) => unknown[] | Promise<unknown[]>;

/** Database table name → its transform. Tables not listed load as they are. */
export const beforeValidationTransforms: Readonly<Record<string, TableRecordsTransform>> = {};
