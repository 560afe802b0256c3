/**
 * Every on-demand page: refuse cross-site writes, then find who is asking — the session
 * cookie, or `Authorization: tma <initData>` from the Mini App — into typed `locals`.
 * (The JSON API does the same in its own router: server/api-app.ts.)
 */
import type { APIContext, MiddlewareNext } from 'astro';
import { defineMiddleware } from 'astro:middleware';
import { isCrossSiteRequest } from '#api/auth/origin.ts';
import { resolveRequestUser } from '#api/auth/request-user.ts';
import {
  clearSessionCookie,
  sessionCookieName,
  setSessionCookie,
} from '#api/auth/session-cookie.ts';
import { getConfig } from '#api/config.ts';
import { getDatabase } from '#api/db/instance.ts';
import { HTTP, jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';
import { answerUnexpectedError } from '#api/db/unexpected-error.ts';

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
  const token = context.cookies.get(sessionCookieName(config))?.value;
  const found = await resolveRequestUser(
    getDatabase(),
    config,
    token,
    request.headers.get('authorization'),
  );
  context.locals.user = found.user;
  context.locals.session = found.session;
  if (found.renewCookieUntil && token)
    setSessionCookie(context.cookies, config, token, found.renewCookieUntil);
  if (found.clearCookie) clearSessionCookie(context.cookies, config);
  return next();
}
