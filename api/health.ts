import type { Database } from './db/client.ts';

/** True once the database answers a trivial query within the time limit. */
export async function isDatabaseHealthy(database: Database, timeoutInMs = 3000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>(
    (resolve) => (timer = setTimeout(() => resolve(false), timeoutInMs)),
  );
  try {
    return await Promise.race([database.ping().then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
