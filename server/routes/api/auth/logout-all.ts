import type { RouteHandler } from '#server/route-context.ts';
import { invalidateUserSessions } from '#api/auth/session.ts';
import { getConfig } from '#api/config.ts';
import { getDatabase } from '#api/db/instance.ts';
import { HTTP, jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';
import { isFormPost, redirect } from '#server/lib/endpoint.ts';
import { clearSessionCookie } from '#api/auth/session-cookie.ts';

/** Sign out everywhere: every session of this account ends. */
export const POST: RouteHandler = async ({ locals, cookies, request }) => {
  if (!locals.user) return jsonError(HTTP.unauthorized, 'unauthorized', ru.api.unauthorized);
  await invalidateUserSessions(getDatabase(), locals.user.id);
  clearSessionCookie(cookies, getConfig());
  return isFormPost(request) ? redirect('/') : new Response(null, { status: 204 });
};
