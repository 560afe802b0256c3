import { describeError } from '../log/safe-error.ts';

/**
 * What a database error may say in a log or a stored message. Drizzle's query errors repeat
 * the statement and every parameter (password hashes, media codes); the driver's own message
 * underneath says what went wrong without them (the one helper for that is describeError).
 */
export function describeDatabaseError(error: unknown): string {
  return describeError(error);
}

/** A unique constraint refused the row (SQLite and PostgreSQL spell it differently). */
export function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  const code = (cause as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
