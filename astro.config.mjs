// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import { precompress } from './scripts/precompress.ts';

// ASTRO_OUT_DIR lets tests build into a scratch folder without touching dist/.
const outDir = process.env.ASTRO_OUT_DIR || './dist';

export default defineConfig({
  srcDir: './site',
  // site/public, not the default ./public beside the config: otherwise favicon.svg is never copied (a 404 on every page).
  publicDir: './site/public',
  outDir,
  output: 'static',
  // Middleware mode: server/site-server.ts serves the API and the files, and hands pages to Astro.
  adapter: node({ mode: 'middleware' }),
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
