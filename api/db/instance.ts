/** The process's one database connection (site and bot), opened on first use from the config. */
import { getConfig } from '../config.ts';
import { openDatabase, type Database } from './client.ts';

// On globalThis: the Astro page bundle carries its own copy of this module, and the server
// and its pages must share one connection (on SQLite: one transaction lock).
const holder = ((globalThis as Record<symbol, unknown>)[Symbol.for('course-site.database')] ??=
  {}) as { instance?: Database };

export function getDatabase(): Database {
  holder.instance ??= openDatabase(getConfig().databaseUrl);
  return holder.instance;
}

export async function closeDatabase(): Promise<void> {
  const current = holder.instance;
  holder.instance = undefined;
  await current?.close();
}
