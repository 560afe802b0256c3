/**
 * Any error as one line that is safe to write to a log. Drizzle's DrizzleQueryError repeats the
 * statement and every bound parameter (media codes, buyer hashes, password hashes, emails);
 * postgres.js errors carry `query` and `parameters` too. Only the driver's own message is kept,
 * and what could still quote a secret (`media=`, `hash=`, `apikey=` in a URL) is blanked.
 */
import { redactSecrets } from './redact.ts';

const MAX_LINE_CHARS = 300;

/**
 * Drizzle's DrizzleQueryError: its message is the statement plus its params, the driver's error
 * its cause. (A postgres.js error keeps `query` and `parameters` as properties, out of its message.)
 */
function isQueryError(error: unknown): error is Error {
  return error instanceof Error && ('params' in error || /^Failed query:/.test(error.message));
}

function ownMessage(error: unknown): string {
  if (isQueryError(error)) {
    const cause = error.cause;
    if (cause instanceof Error && !isQueryError(cause)) return ownMessage(cause);
    return 'a database query failed';
  }
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'a non-Error value was thrown';
}

/** One line, no SQL parameters, no media code or hash from a URL; `secrets` are blanked too. */
export function describeError(error: unknown, secrets: readonly string[] = []): string {
  const text = ownMessage(error)
    // Some drivers and wrappers append the parameters after the message.
    .replace(/\s*\b(params|parameters):[\s\S]*$/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  return redactSecrets(text, secrets).slice(0, MAX_LINE_CHARS);
}

/** Writes one safe line to stderr: where it happened, and what went wrong. */
export function logError(where: string, error: unknown, secrets: readonly string[] = []): void {
  console.error(`${where}: ${describeError(error, secrets)}`);
}
