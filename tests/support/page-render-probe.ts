/**
 * Run as a child process (tests/server/astro-entry.test.ts): starts the site server of
 * SITE_DIR in this process, renders on-demand pages through Astro's handler, then reports
 * whether promise hooks are on (a promise callback then runs under an async id of its own,
 * not its caller's) and whether an unhandled rejection leaves the process running.
 */
import { executionAsyncId } from 'node:async_hooks';
import type { AddressInfo } from 'node:net';
import { getConfig } from '#api/config.ts';
import { closeDatabase } from '#api/db/instance.ts';
import { createSiteServer } from '#server/site-server.ts';

const server = await createSiteServer(getConfig());
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const statuses: string[] = [];
for (const page of ['/login', '/cabinet', '/no-such-page', '/auth/telegram/callback']) {
  const response = await fetch(`http://127.0.0.1:${port}${page}`, { redirect: 'manual' });
  await response.arrayBuffer();
  statuses.push(`${response.status} ${response.statusText}`);
}
const outer = executionAsyncId();
const inner = await Promise.resolve().then(() => executionAsyncId());
void Promise.reject(new Error('probe rejection'));
await new Promise((resolve) => setTimeout(resolve, 100));
console.log(JSON.stringify({ statuses, outer, inner, alive: true }));
server.close();
await closeDatabase();
