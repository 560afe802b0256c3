/** When to retry a Stepik request and how long to wait first (pure functions). */

/** 429 and the 5xx a proxy or an overloaded server gives; other statuses will not change on retry. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export const BACKOFF_BASE_IN_MS = 1000;
export const BACKOFF_MAX_IN_MS = 30_000;
/** Third-party clients wait 2–5 s after a 429 that gives no Retry-After. */
export const RATE_LIMITED_MIN_WAIT_IN_MS = 2000;
/** A Retry-After of an hour would stall a sync that runs every few minutes: wait at most this. */
export const RETRY_AFTER_CAP_IN_MS = 60_000;

/** `Retry-After` as milliseconds from now: delta seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfterInMs(
  header: string | null | undefined,
  nowInMs: number,
): number | null {
  if (header === null || header === undefined) return null;
  const value = header.trim();
  if (value === '') return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // Only a real date: Date.parse also accepts odd strings like "1".
  if (!/[a-z]/i.test(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowInMs);
}

/** Exponential back-off with "equal jitter": half fixed (so waits grow), half random (so clients spread out). */
export function backoffDelayInMs(retry: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_MAX_IN_MS, BACKOFF_BASE_IN_MS * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * The wait before retry number `retry` (1-based). A server's Retry-After wins (capped); a 429
 * without one waits at least RATE_LIMITED_MIN_WAIT_IN_MS.
 */
export function retryDelayInMs(input: {
  retry: number;
  status: number | null;
  retryAfter: string | null;
  nowInMs: number;
  random: () => number;
}): number {
  const asked = parseRetryAfterInMs(input.retryAfter, input.nowInMs);
  if (asked !== null) return Math.min(asked, RETRY_AFTER_CAP_IN_MS);
  const backoff = backoffDelayInMs(input.retry, input.random);
  return input.status === 429 ? Math.max(RATE_LIMITED_MIN_WAIT_IN_MS, backoff) : backoff;
}
