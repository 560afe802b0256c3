/**
 * The production server: one `node:http` server in front of everything. The JSON API goes to
 * the Hono app, built files to sirv (precompressed, hashed assets cached for a year), and only
 * pages rendered on demand reach Astro's handler (the node adapter in `middleware` mode).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import sirv from 'sirv';
import { clientAddress } from '#api/auth/client-address.ts';
import type { Config } from '#api/config.ts';
import { getCourse } from '#api/course/instance.ts';
import { jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';
import { BODY_LIMIT_IN_BYTES, createApiApp } from './api-app.ts';
import { answerClientErrors } from './client-errors.ts';
import { pageKind, securityHeaders, type PageKind } from './security-headers.ts';
import { createSessionLanes } from './session-lanes.ts';
import { createMemoryFiles } from './static-memory.ts';

type NodeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: () => void,
) => void | Promise<void>;

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=0, must-revalidate';
/**
 * The pages that take a form's POST (they render on demand and read it). Every other page
 * answers GET and HEAD only: a built page has no handler for another method (Astro would
 * throw), and TRACE or the like cannot even be made into a fetch Request.
 */
const POST_PAGES = new Set(['/auth/stepik-link', '/auth/telegram/callback']);

/** The names the built 404 page has as a file: asked for by them, it is still a 404. */
const NOT_FOUND_PAGE = /^\/404(?:\.html|\/|\/index\.html)?$/;

/** Astro's page renderer, built by `astro build` with the node adapter in middleware mode. */
async function loadAstroHandler(siteDir: string): Promise<NodeHandler> {
  const entry = pathToFileURL(path.join(path.resolve(siteDir), 'server', 'entry.mjs')).href;
  const module = (await import(entry)) as { handler?: NodeHandler };
  if (typeof module.handler !== 'function')
    throw new Error(`${entry} has no handler: build with the node adapter in middleware mode`);
  return module.handler;
}

async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

export async function createSiteServer(config: Config): Promise<http.Server> {
  const renderPage = await loadAstroHandler(config.siteDir);
  const api = getRequestListener(createApiApp().fetch);
  // Offline only (config refuses it in production and beside a real Boomstream; the module refuses again).
  const standIn = config.boomstream.standIn
    ? (await import('#scripts/fakes/boomstream/stand-in-player.ts')).createStandInPlayer(
        config,
        getCourse,
      )
    : null;
  const clientDir = path.join(path.resolve(config.siteDir), 'client');
  const cacheControl = (pathname: string): string =>
    pathname.startsWith('/_astro/') ? IMMUTABLE : REVALIDATE;
  const fromMemory = createMemoryFiles(clientDir, { cacheControl });
  const files = sirv(clientDir, {
    dev: false,
    etag: true,
    gzip: true,
    brotli: true,
    setHeaders: (res, pathname) => {
      if (res.getHeader('Cache-Control')) return;
      res.setHeader('Cache-Control', cacheControl(pathname));
    },
  });

  // The headers depend only on the page kind and the settings: worded once per kind.
  const byKind = new Map<PageKind, [string, string][]>();
  const headersFor = (kind: PageKind): [string, string][] => {
    let headers = byKind.get(kind);
    if (!headers) byKind.set(kind, (headers = Object.entries(securityHeaders(kind, config))));
    return headers;
  };

  const apiHeaders = headersFor('api');
  const beforeRouter = createSessionLanes(config, apiHeaders, api);

  // Node checks the request timeout on this interval (30 s by default): check every second.
  const server = http.createServer(
    { connectionsCheckingInterval: 1000, requestTimeout: config.requestTimeoutInSeconds * 1000 },
    (req, res) => {
      if (beforeRouter(req, res)) return;
      let pathname: string;
      try {
        pathname = decodeURI(new URL(req.url ?? '/', 'http://x').pathname);
      } catch {
        void sendWebResponse(res, jsonError(400, 'bad_url', ru.api.routeNotFound));
        return;
      }
      const kind = pageKind(pathname);
      for (const [name, value] of headersFor(kind)) res.setHeader(name, value);
      if (kind === 'api') return void api(req, res);
      if (kind === 'player' && standIn) return standIn(req, res);

      // Pages: a write must say how long its body is, and stay under the cap; Astro reads it.
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const allowsPost = POST_PAGES.has(pathname.replace(/\/+$/, ''));
        if (req.method !== 'POST' || !allowsPost) {
          const allow = allowsPost ? 'GET, HEAD, POST' : 'GET, HEAD';
          return void sendWebResponse(
            res,
            jsonError(405, 'method_not_allowed', ru.api.methodNotAllowed(allow), { Allow: allow }),
          );
        }
        const length = req.headers['content-length'];
        if (length === undefined && req.headers['transfer-encoding']) {
          return void sendWebResponse(
            res,
            jsonError(411, 'length_required', ru.api.lengthRequired),
          );
        }
        if (Number(length) > BODY_LIMIT_IN_BYTES) {
          return void sendWebResponse(
            res,
            jsonError(413, 'body_too_large', ru.api.bodyTooLarge(BODY_LIMIT_IN_BYTES / 1024)),
          );
        }
      }
      // Astro takes the client address from the first X-Forwarded-For entry: give it only the trusted one.
      req.headers['x-forwarded-for'] = clientAddress(
        headerValue(req.headers['x-forwarded-for']),
        req.socket.remoteAddress,
        config.trustedProxyHops,
      );
      const render = (): void => void renderPage(req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') render();
      // A twin by its own name: Astro answers 404 with the page. The 404 page by its names: a 404.
      else if (fromMemory.isTwin(pathname)) render();
      else if (NOT_FOUND_PAGE.test(pathname)) {
        // Whole, whatever Range asks (a 404 has no parts); Astro cannot render it by this name.
        delete req.headers.range;
        if (!fromMemory(req, res, '/404.html', 404)) {
          res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end(ru.site.notFound.text);
        }
      } else if (!fromMemory(req, res, pathname)) files(req, res, render);
    },
  );
  server.headersTimeout = Math.min(config.requestTimeoutInSeconds * 1000, 20_000);
  server.on('clientError', answerClientErrors(apiHeaders));
  return server;
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
