/**
 * Astro's server entry (the adapter's `serverEntrypoint`, set in astro.config.mjs): the page
 * handler that server/site-server.ts hands on-demand pages to. It is @astrojs/node's own
 * middleware-mode handler (dist/server.js, serve-app.js, middleware.js of 9.5) less one thing:
 * that handler renders every page inside an AsyncLocalStorage, only so that its
 * `unhandledRejection` log can name the page's URL. The first `run` of any AsyncLocalStorage
 * turns on Node's promise hooks for the rest of the process (Node 20 and 22), so after the
 * first /cabinet every promise of every request pays a hook — the gate's CPU a request rose
 * by 15 % (52 → 60 µs, measured). The log stays, without the URL; the rest is the same, but
 * for `astro:env` (below).
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { SSRManifest } from 'astro';
import { NodeApp, applyPolyfills } from 'astro/app/node';

applyPolyfills();
// The adapter also hands `astro:env` the process's environment (setGetEnv): the site has no
// `env` schema, and its settings come from api/config.ts only.

/** The adapter's arguments (astro.config.mjs's node() options, with the build's folders). */
interface EntryOptions {
  client: string;
  server: string;
  experimentalDisableStreaming?: boolean;
}

type Handler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => Promise<void>;

/** Where the built client files are, found from this module's place in the built server folder. */
function clientDir(options: EntryOptions): string {
  const relative = path.relative(fileURLToPath(options.server), fileURLToPath(options.client));
  const serverFolder = path.basename(fileURLToPath(options.server));
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (path.basename(folder) !== serverFolder && path.dirname(folder) !== folder)
    folder = path.dirname(folder);
  return path.resolve(folder, relative);
}

/** A prerendered error page (404.html or 404/index.html), for Astro to send as the error answer. */
async function errorPageFromDisk(client: string, status: number): Promise<Response | undefined> {
  for (const file of [`${status}.html`, `${status}/index.html`]) {
    try {
      const stream = createReadStream(path.join(client, file));
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', reject);
      });
      const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
      return new Response(body, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    } catch {
      // Not this name: the next one, or none.
    }
  }
  return undefined;
}

/**
 * Astro gives a page's answer the reason "OK" whatever status the page set (a sign-in callback
 * that refuses says `401 OK`): without a reason of its own, Node says the status's own words.
 */
function withReasonOfStatus(response: Response): Response {
  if (response.statusText !== 'OK' || response.status === 200) return response;
  return new Response(response.body, { status: response.status, headers: response.headers });
}

export function createExports(
  manifest: SSRManifest,
  options: EntryOptions,
): { options: EntryOptions; handler: Handler } {
  const app = new NodeApp(manifest, !options.experimentalDisableStreaming);
  const logger = app.getAdapterLogger();
  process.on('unhandledRejection', (reason) => {
    logger.error('Unhandled rejection');
    console.error(reason);
  });
  const client = clientDir(options);
  const prerenderedErrorPageFetch = async (url: string): Promise<Response> => {
    const status = url.includes('/404') ? 404 : url.includes('/500') ? 500 : null;
    const page = status === null ? undefined : await errorPageFromDisk(client, status);
    return page ?? new Response(null, { status: 404 });
  };
  // One failure path for a request Astro cannot take and a render that throws (the adapter has
  // one for each, with different bodies).
  const handler: Handler = async (req, res, next) => {
    try {
      const request = NodeApp.createRequest(req, {
        allowedDomains: app.getAllowedDomains?.() ?? [],
      });
      const routeData = app.match(request, true);
      if (!routeData && next) return next();
      const response = await app.render(request, {
        addCookieHeader: true,
        routeData,
        prerenderedErrorPageFetch,
      });
      await NodeApp.writeResponse(withReasonOfStatus(response), res);
    } catch (error) {
      logger.error(`Could not render ${req.url}`);
      console.error(error);
      if (!res.headersSent) {
        res.writeHead(500, 'Server error');
        res.end();
      }
    }
  };
  return { options, handler };
}
