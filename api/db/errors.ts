/**
 * What a database error may say in a log or a stored message. Drizzle's query errors repeat
 * the statement and every parameter (password hashes, media codes); the driver's own message
 * underneath says what went wrong without them.
 */
export function describeDatabaseError(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const own = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return own.replace(/\s*params:[\s\S]*$/, '').split('\n')[0]!.slice(0, 500);
}

/** A unique constraint refused the row (SQLite and PostgreSQL spell it differently). */
export function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  const code = (cause as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
