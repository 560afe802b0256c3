import type { RouteHandler } from '#server/route-context.ts';
import { createSession } from '#api/auth/session.ts';
import { linkInitDataToPasswordAccount, signInWithInitData } from '#api/auth/telegram-sign-in.ts';
import { toPublicUser } from '#api/auth/users.ts';
import { getConfig } from '#api/config.ts';
import { getDatabase } from '#api/db/instance.ts';
import { HTTP, json, jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';
import { readBody } from '#server/lib/endpoint.ts';
import { setSessionCookie } from '#api/auth/session-cookie.ts';

/**
 * Mini App sign-in: `Authorization: tma <initData>` → the account with this Telegram (created on
 * first visit). With a JSON body `{email, password}`: link this Telegram to that account instead.
 */
export const POST: RouteHandler = async (context) => {
  const authorization = context.request.headers.get('authorization') ?? '';
  if (!authorization.startsWith('tma '))
    return jsonError(HTTP.unauthorized, 'telegram_invalid', ru.auth.telegram.bad);
  const config = getConfig();
  const database = getDatabase();
  const raw = authorization.slice(4).trim();
  const body = await readBody(context.request);
  if (body === undefined) return jsonError(HTTP.badRequest, 'malformed', ru.api.badJson);
  const result =
    body.email !== undefined || body.password !== undefined
      ? await linkInitDataToPasswordAccount(database, config, raw, body, context.clientAddress)
      : await signInWithInitData(
          database,
          config,
          raw,
          context.locals.session ? context.locals.user?.id : undefined,
        );
  if (!result.ok) {
    const retryAfter =
      'retryAfterInSeconds' in result && result.retryAfterInSeconds
        ? { 'Retry-After': String(result.retryAfterInSeconds) }
        : undefined;
    return jsonError(
      'status' in result ? result.status : HTTP.conflict,
      result.error,
      result.message,
      retryAfter,
    );
  }
  if (!context.locals.session || context.locals.user?.id !== result.user.id) {
    // Cookies may not survive Telegram Web's iframe; the app keeps sending the header anyway.
    const { token, session } = await createSession(database, result.user.id);
    setSessionCookie(context.cookies, config, token, session.expiresAt);
  }
  return json({ user: toPublicUser(result.user) });
};
