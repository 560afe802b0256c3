/**
 * The one answer to an error nobody expected (a broken invariant, a database that failed
 * mid-request): a safe log line — the method and path, never the query or the SQL parameters —
 * and a short refusal, JSON under /api, plain text for a page.
 */
import { jsonError } from '../http.ts';
import { ru } from '../i18n/ru.ts';
import { logError } from './safe-error.ts';

const INTERNAL_ERROR = 500;

export function answerUnexpectedError(request: Request, error: unknown): Response {
  const { pathname } = new URL(request.url);
  logError(`${request.method} ${pathname} failed`, error);
  if (pathname.startsWith('/api/')) return jsonError(INTERNAL_ERROR, 'internal', ru.api.internal);
  return new Response(ru.api.internal, {
    status: INTERNAL_ERROR,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
