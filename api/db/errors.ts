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
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

type ErrorFields = { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };

/** The error and the causes it wraps (drizzle wraps the driver's), five deep at most. */
function causes(error: unknown): ErrorFields[] {
  const chain: ErrorFields[] = [];
  for (let current = error; current && chain.length < 5; current = (current as ErrorFields).cause)
    chain.push(current as ErrorFields);
  return chain;
}

/**
 * PostgreSQL aborted the transaction for a conflict with another one, which has gone on:
 * deadlock_detected (two writers locking the same students' access marks in opposite orders)
 * or serialization_failure. Run again, it finds the other committed.
 */
export function isTransactionConflict(error: unknown): boolean {
  return causes(error).some(({ code }) => code === '40P01' || code === '40001');
}

const UNAVAILABLE_CODES = new Set([
  // the network and postgres.js's own connection codes
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  // PostgreSQL: shutting down, starting up, too many connections
  '57P01',
  '57P02',
  '57P03',
  '53300',
  // SQLite: locked for longer than the busy timeout, or the file cannot be opened
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
]);

/**
 * A table or column this build needs is not in the database: its migrations have not run yet.
 * SQLite says "no such table" / "no such column"; PostgreSQL undefined_table (42P01),
 * undefined_column (42703) or invalid_schema_name (3F000).
 */
export function isSchemaMissing(error: unknown): boolean {
  return causes(error).some(
    ({ code, message }) =>
      code === '42P01' ||
      code === '42703' ||
      code === '3F000' ||
      (typeof message === 'string' && /^no such (?:table|column):/.test(message)),
  );
}

/** The database cannot be reached or is busy: worth a 503 and a retry, not a 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some(
    ({ code, errors }) =>
      (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) ||
      (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))),
  );
}
