import type { APIRoute } from 'astro';
import { createSession } from '../../../../api/auth/session.ts';
import { signInWithInitData } from '../../../../api/auth/telegram-sign-in.ts';
import { toPublicUser } from '../../../../api/auth/users.ts';
import { getConfig } from '../../../../api/config.ts';
import { getDatabase } from '../../../../api/db/instance.ts';
import { HTTP, json, jsonError } from '../../../../api/http.ts';
import { ru } from '../../../../api/i18n/ru.ts';
import { setSessionCookie } from '../../../lib/session-cookie.ts';

export const prerender = false;

/** Mini App sign-in: `Authorization: tma <initData>` → the account (created on first visit). */
export const POST: APIRoute = async (context) => {
  const authorization = context.request.headers.get('authorization') ?? '';
  if (!authorization.startsWith('tma ')) return jsonError(HTTP.unauthorized, 'telegram_invalid', ru.auth.telegram.bad);
  const config = getConfig();
  const database = getDatabase();
  const result = await signInWithInitData(database, config, authorization.slice(4).trim(), context.locals.session ? context.locals.user?.id : undefined);
  if (!result.ok) return jsonError('status' in result ? result.status : HTTP.conflict, result.error, result.message);
  if (!context.locals.session) {
    // Cookies may not survive Telegram Web's iframe; the app keeps sending the header anyway.
    const { token, session } = await createSession(database, result.user.id);
    setSessionCookie(context.cookies, config, token, session.expiresAt);
  }
  return json({ user: toPublicUser(result.user) });
};
