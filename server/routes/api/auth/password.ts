import type { RouteHandler } from '#server/route-context.ts';
import { signInWithPassword } from '#api/auth/password-sign-in.ts';
import { safeNextPath } from '#api/auth/oauth.ts';
import { createSession } from '#api/auth/session.ts';
import { toPublicUser } from '#api/auth/users.ts';
import { getConfig } from '#api/config.ts';
import { getDatabase } from '#api/db/instance.ts';
import { HTTP, json, jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';
import { isFormPost, readBody, redirect } from '#server/lib/endpoint.ts';
import { setSessionCookie } from '#api/auth/session-cookie.ts';

export const POST: RouteHandler = async (context) => {
  const config = getConfig();
  const database = getDatabase();
  const form = isFormPost(context.request);
  const body = await readBody(context.request);
  if (!body) return jsonError(HTTP.badRequest, 'malformed', ru.auth.password.malformed);
  const next = safeNextPath(typeof body.next === 'string' ? body.next : null);

  const result = await signInWithPassword(database, body, context.clientAddress);
  if (!result.ok) {
    const retryAfter: Record<string, string> = result.retryAfterInSeconds
      ? { 'Retry-After': String(result.retryAfterInSeconds) }
      : {};
    if (form)
      return redirect(
        `/login?error=${result.error}&next=${encodeURIComponent(next)}${result.retryAfterInSeconds ? `&wait=${result.retryAfterInSeconds}` : ''}`,
      );
    return jsonError(result.status, result.error, result.message, retryAfter);
  }
  const { token, session } = await createSession(database, result.user.id);
  setSessionCookie(context.cookies, config, token, session.expiresAt);
  return form ? redirect(next) : json({ user: toPublicUser(result.user) });
};
