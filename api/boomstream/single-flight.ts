/**
 * Joins concurrent callers onto one running task per key, so two simultaneous first views of
 * the same video by the same student (two tabs, a double click) make one set of API calls.
 * Keyed per Database handle: each process (or test database) has its own. Across processes the
 * deterministic hash and the unique row do the same job.
 */
import type { Database } from '../db/client.ts';

const running = new WeakMap<Database, Map<string, Promise<unknown>>>();

export function singleFlight<T>(
  database: Database,
  key: string,
  task: () => Promise<T>,
): Promise<T> {
  let tasks = running.get(database);
  if (!tasks) running.set(database, (tasks = new Map()));
  const existing = tasks.get(key);
  if (existing) return existing as Promise<T>;
  const started = task().finally(() => tasks.delete(key));
  tasks.set(key, started);
  return started;
}
