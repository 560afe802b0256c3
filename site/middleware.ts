/**
 * Every on-demand request: refuse cross-site writes, then find who is asking — the session
 * cookie, or `Authorization: tma <initData>` from the Mini App — into typed `locals`.
 */
import type { APIContext, MiddlewareNext } from 'astro';
import { defineMiddleware } from 'astro:middleware';
import { isCrossSiteRequest } from '../api/auth/origin.ts';
import { validateSessionToken } from '../api/auth/session.ts';
import { userFromInitData } from '../api/auth/telegram-sign-in.ts';
import { getConfig } from '../api/config.ts';
import { getDatabase } from '../api/db/instance.ts';
import { HTTP, jsonError } from '../api/http.ts';
import { ru } from '../api/i18n/ru.ts';
import { answerUnexpectedError } from '../api/log/unexpected.ts';
import { clearSessionCookie, sessionCookieName, setSessionCookie } from './lib/session-cookie.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const onRequest = defineMiddleware(async (context, next) => {
  context.locals.user = null;
  context.locals.session = null;
  if (context.isPrerendered) return next();
  // Caught here, not by Astro: its log line is the error's stack, and Drizzle's holds every SQL parameter.
  try {
    return await identifyAndServe(context, next);
  } catch (error) {
    return answerUnexpectedError(context.request, error);
  }
});

async function identifyAndServe(context: APIContext, next: MiddlewareNext): Promise<Response> {
  const config = getConfig();
  const { request } = context;
  if (!SAFE_METHODS.has(request.method) && isCrossSiteRequest(request.headers, config.appOrigin)) {
    return jsonError(HTTP.forbidden, 'cross_site', ru.api.crossSite);
  }

  const database = getDatabase();
  const token = context.cookies.get(sessionCookieName(config))?.value;
  if (token) {
    const valid = await validateSessionToken(database, token);
    if (valid) {
      context.locals.user = valid.user;
      context.locals.session = valid.session;
      if (valid.renewed) setSessionCookie(context.cookies, config, token, valid.session.expiresAt);
    } else {
      clearSessionCookie(context.cookies, config);
    }
  }
  const authorization = request.headers.get('authorization');
  if (!context.locals.user && authorization?.startsWith('tma ')) {
    context.locals.user = await userFromInitData(database, config, authorization.slice(4).trim());
  }
  return next();
}
