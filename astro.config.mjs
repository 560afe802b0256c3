// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import { precompress } from './scripts/precompress.ts';

/**
 * @astrojs/node in middleware mode, with its server entry swapped for server/astro-entry.ts: the
 * same handler without the AsyncLocalStorage that, once a page renders, puts a promise hook on
 * every request of the process (that file says what it costs). The rest — sessions, the image
 * endpoint, the preview server — is the adapter's own.
 * @param {import('astro').AstroIntegration} adapter
 * @returns {import('astro').AstroIntegration}
 */
function withOwnEntry(adapter) {
  const done = adapter.hooks['astro:config:done'];
  if (!done) throw new Error(`${adapter.name} has no astro:config:done hook to set its entry in`);
  const serverEntrypoint = new URL('./server/astro-entry.ts', import.meta.url);
  return {
    ...adapter,
    hooks: {
      ...adapter.hooks,
      'astro:config:done': (params) =>
        done({
          ...params,
          setAdapter: (options) =>
            params.setAdapter({ ...options, serverEntrypoint, exports: ['handler', 'options'] }),
        }),
    },
  };
}

// ASTRO_OUT_DIR lets tests build into a scratch folder without touching dist/.
const outDir = process.env.ASTRO_OUT_DIR || './dist';

export default defineConfig({
  srcDir: './site',
  // site/public, not the default ./public beside the config: otherwise favicon.svg is never copied (a 404 on every page).
  publicDir: './site/public',
  outDir,
  output: 'static',
  // Middleware mode: server/site-server.ts serves the API and the files, and hands pages to Astro.
  adapter: withOwnEntry(node({ mode: 'middleware' })),
  server: { port: 4321, host: '127.0.0.1' },
  // No source maps and no inlined data in the client: media codes never reach the browser.
  vite: { build: { sourcemap: false } },
  devToolbar: { enabled: false },
  // Brotli and gzip copies of the client files, served by Accept-Encoding (server/site-server.ts).
  integrations: [precompress()],
  // Our middleware checks Origin on every write against APP_DOMAIN (site/middleware.ts);
  // Astro's own check compares with the URL it sees, which behind Render's proxy may be http.
  security: { checkOrigin: false },
});
