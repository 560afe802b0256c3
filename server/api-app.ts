/**
 * The JSON API, `/healthz` and the bot webhook, outside Astro's page pipeline: one Hono app.
 * Every answer here is JSON in the contract's shape — an unknown path 404, a wrong method 405
 * with `Allow`, a body over the cap 413 (before it is read), the database unreachable 503 —
 * and a route handler is the same short guard ladder the Astro endpoints were.
 */
import type { IncomingMessage } from 'node:http';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { clientAddress } from '#api/auth/client-address.ts';
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
import { CookieJar, type RouteContext, type RouteHandler } from './route-context.ts';
import { API_ROUTES } from './routes.ts';

/** JSON and form bodies: larger ones are refused before they are read. */
export const BODY_LIMIT_IN_BYTES = 64 * 1024;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Env = { Bindings: { incoming: IncomingMessage } };

export function createApiApp(): Hono<Env> {
  const app = new Hono<Env>();

  const limitBody = bodyLimit({
    maxSize: BODY_LIMIT_IN_BYTES,
    onError: () =>
      jsonError(413, 'body_too_large', ru.api.bodyTooLarge(BODY_LIMIT_IN_BYTES / 1024)),
  });
  // Only requests that may carry a body: asking a GET for its body would build a full fetch
  // Request from the node request (an AbortController, a stream) on the hottest path.
  app.use((c, next) => (SAFE_METHODS.has(c.req.method) ? next() : limitBody(c, next)));

  const allowed = new Map<string, string[]>();
  for (const route of API_ROUTES) {
    allowed.set(route.path, [...(allowed.get(route.path) ?? []), route.method]);
    app.on(route.method, route.path, (c) => runRoute(c, route.handler));
  }
  for (const [path, methods] of allowed) {
    const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
    app.all(path, () =>
      jsonError(405, 'method_not_allowed', ru.api.methodNotAllowed(allow), { Allow: allow }),
    );
  }

  app.notFound(() => jsonError(HTTP.notFound, 'not_found', ru.api.routeNotFound));
  // One safe line per failure: the method and path, never the query, its parameters or a media code.
  app.onError((error, c) => answerUnexpectedError(c.req.raw, error, { json: true }));
  return app;
}

/** Origin check, then who is asking, then the handler; cookies it sets go on its answer. */
async function runRoute(c: Context<Env>, handler: RouteHandler): Promise<Response> {
  const config = getConfig();
  const request = c.req.raw;
  if (!SAFE_METHODS.has(request.method) && isCrossSiteRequest(request.headers, config.appOrigin)) {
    return jsonError(HTTP.forbidden, 'cross_site', ru.api.crossSite);
  }
  const cookies = new CookieJar(request.headers.get('cookie'));
  const token = cookies.get(sessionCookieName(config))?.value;
  const found = await resolveRequestUser(
    getDatabase(),
    config,
    token,
    request.headers.get('authorization'),
  );
  if (found.renewCookieUntil && token)
    setSessionCookie(cookies, config, token, found.renewCookieUntil);
  if (found.clearCookie) clearSessionCookie(cookies, config);

  let url: URL | undefined;
  const context: RouteContext = {
    request,
    // Parsed only for the few handlers that read the query.
    get url() {
      return (url ??= new URL(request.url));
    },
    params: c.req.param() as Record<string, string | undefined>,
    locals: { user: found.user, session: found.session },
    cookies,
    clientAddress: clientAddress(
      request.headers.get('x-forwarded-for'),
      c.env.incoming.socket.remoteAddress,
      config.trustedProxyHops,
    ),
  };
  const response = await handler(context);
  const setCookies = cookies.headers();
  if (!setCookies.length) return response;
  // A Response from fetch() or a webhook library may have immutable headers: copy it.
  const headers = new Headers(response.headers);
  for (const value of setCookies) headers.append('Set-Cookie', value);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
