/**
 * Astro's server entry (server/astro-entry.ts): the pages it renders leave Node's promise hooks
 * off, so the API's requests in the same process pay no hook per promise after the first
 * page (@astrojs/node's own entry turns them on with an AsyncLocalStorage); an unhandled
 * rejection is still logged and does not stop the server. Run in a child process, as the
 * server runs: hooks once on stay on for the process.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { builtSite } from '../support/built-site.ts';
import { createSqliteDatabase, disposeAfterEach } from '../support/databases.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = builtSite();
const fresh = disposeAfterEach();

describe('Astro server entry', () => {
  it('renders pages without turning promise hooks on, and logs an unhandled rejection', async () => {
    const db = await fresh(createSqliteDatabase);
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'tests/support/page-render-probe.ts')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          SITE_DIR: OUT,
          APP_DOMAIN: 'http://127.0.0.1:4321',
          ASTRO_NODE_LOGGING: 'disabled',
        },
        timeout: 60_000,
      },
    );
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      statuses: string[];
      outer: number;
      inner: number;
      alive: boolean;
    };
    // The login page, the cabinet (a redirect to sign-in without a session), the 404 page and
    // the Telegram sign-in callback without its signed fields: each rendered by Astro on
    // demand, each status line with its status's own reason (Astro's "OK" for any status once).
    expect(report.statuses).toEqual(['200 OK', '302 Found', '404 Not Found', '401 Unauthorized']);
    expect(report.inner).toBe(report.outer);
    expect(report.alive).toBe(true);
    expect(stderr).toContain('probe rejection');
  });
});
