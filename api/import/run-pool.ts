/**
 * Bounded parallelism for password hashing. scrypt runs on libuv's threadpool (4 threads unless
 * UV_THREADPOOL_SIZE says otherwise, read once when the pool starts), so more jobs in flight than
 * threads or cores only queue up and hold 16 MiB each.
 */
import { availableParallelism } from 'node:os';

export function hashingConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number.parseInt(env.UV_THREADPOOL_SIZE ?? '', 10);
  const threads = Number.isInteger(configured) && configured > 0 ? configured : 4;
  return Math.max(1, Math.min(threads, availableParallelism()));
}

/** Like Promise.all(items.map(fn)) with at most `limit` calls running; results keep their order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
