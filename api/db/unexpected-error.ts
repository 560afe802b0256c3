/**
 * The one answer to an error nobody expected (a broken invariant, a database that failed
 * mid-request): a safe log line — the method and path, never the query or the SQL parameters —
 * and a short refusal, JSON for the API, plain text for a page. A database that does not
 * answer, or lacks this build's tables (a deploy whose migrations have not run), is a 503 to
 * retry, said as such; anything else is a 500.
 */
import { isDatabaseUnavailable, isSchemaMissing } from './errors.ts';
import { HTTP, jsonError } from '../http.ts';
import { ru } from '../i18n/ru.ts';
import { logError } from '../log/safe-error.ts';

const INTERNAL_ERROR = 500;

export interface Refusal {
  status: number;
  error: string;
  message: string;
  headers: Record<string, string>;
  /** What the log line says after the method and path. */
  logged: string;
}

/** The database does not answer (or is busy): retry in a few seconds. */
export const DATABASE_UNAVAILABLE: Refusal = {
  status: HTTP.serviceUnavailable,
  error: 'database_unavailable',
  message: ru.api.databaseUnavailable,
  headers: { 'Retry-After': '5' },
  logged: ': database unavailable',
};

/** The database lacks this build's tables (a deploy whose migrations have not run yet). */
export const DATABASE_NOT_MIGRATED: Refusal = {
  ...DATABASE_UNAVAILABLE,
  error: 'database_not_migrated',
  message: ru.api.databaseNotMigrated,
  headers: { 'Retry-After': '30' },
  logged: `: the database lacks this build's tables (run "cli migrate")`,
};

const INTERNAL: Refusal = {
  status: INTERNAL_ERROR,
  error: 'internal',
  message: ru.api.internal,
  headers: {},
  logged: ' failed',
};

const refusalOf = (error: unknown): Refusal =>
  isDatabaseUnavailable(error)
    ? DATABASE_UNAVAILABLE
    : isSchemaMissing(error)
      ? DATABASE_NOT_MIGRATED
      : INTERNAL;

/** `json`: the answer is the API's `{error,message}` whatever the path (the API router says so). */
export function answerUnexpectedError(
  request: Request,
  error: unknown,
  { json = false }: { json?: boolean } = {},
): Response {
  const { pathname } = new URL(request.url);
  const refusal = refusalOf(error);
  logError(`${request.method} ${pathname}${refusal.logged}`, error);
  if (json || pathname.startsWith('/api/'))
    return jsonError(refusal.status, refusal.error, refusal.message, refusal.headers);
  return new Response(refusal.message, {
    status: refusal.status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      ...refusal.headers,
    },
  });
}
