/** `auth_date`: deciding whether signed data is recent enough (fields.ts reads it). */
import { fail, type CheckFailure } from './fields.ts';

export interface FreshnessOptions {
  /** How old `auth_date` may be; 0 switches every time check off (age and future skew). */
  maxAgeInSeconds: number;
  /** The current unix time; defaults to the clock. Tests and the CLI's `--now` set it. */
  nowInSeconds?: number;
  /** How far `auth_date` may lie in the future (clock skew between Telegram and us); default 60. */
  maxFutureSkewInSeconds?: number;
}

export const DEFAULT_MAX_FUTURE_SKEW_IN_SECONDS = 60;

/** Bad options are a programming error, so they throw rather than fail a genuine login. */
export function assertFreshnessOptions(options: FreshnessOptions): void {
  const { maxAgeInSeconds, nowInSeconds, maxFutureSkewInSeconds } =
    options ?? ({} as FreshnessOptions);
  if (
    typeof maxAgeInSeconds !== 'number' ||
    !Number.isFinite(maxAgeInSeconds) ||
    maxAgeInSeconds < 0
  ) {
    throw new TypeError(
      `maxAgeInSeconds must be a number ≥ 0 (0 = no freshness check), got ${String(maxAgeInSeconds)}`,
    );
  }
  if (
    nowInSeconds !== undefined &&
    (typeof nowInSeconds !== 'number' || !Number.isFinite(nowInSeconds))
  ) {
    throw new TypeError(
      `nowInSeconds must be a finite number of unix seconds, got ${String(nowInSeconds)}`,
    );
  }
  if (
    maxFutureSkewInSeconds !== undefined &&
    (typeof maxFutureSkewInSeconds !== 'number' ||
      !Number.isFinite(maxFutureSkewInSeconds) ||
      maxFutureSkewInSeconds < 0)
  ) {
    throw new TypeError(
      `maxFutureSkewInSeconds must be a number ≥ 0, got ${String(maxFutureSkewInSeconds)}`,
    );
  }
}

/** `null` when fresh enough (or when the check is off), otherwise why not. */
export function checkFreshness(
  authDateInSeconds: number,
  options: FreshnessOptions,
): CheckFailure<'stale' | 'future'> | null {
  if (options.maxAgeInSeconds === 0) return null;
  const now = options.nowInSeconds ?? Math.floor(Date.now() / 1000);
  const ageInSeconds = now - authDateInSeconds;
  if (ageInSeconds > options.maxAgeInSeconds) {
    return fail(
      'stale',
      `auth_date ${formatUnixSeconds(authDateInSeconds)} is ${ageInSeconds} s old, limit ${options.maxAgeInSeconds} s`,
    );
  }
  const skewInSeconds = options.maxFutureSkewInSeconds ?? DEFAULT_MAX_FUTURE_SKEW_IN_SECONDS;
  if (-ageInSeconds > skewInSeconds) {
    return fail(
      'future',
      `auth_date ${formatUnixSeconds(authDateInSeconds)} is ${-ageInSeconds} s in the future, allowed clock skew ${skewInSeconds} s`,
    );
  }
  return null;
}

/** `2025-01-01T00:00:00Z`; falls back to the bare number when it is beyond what Date can show. */
export function formatUnixSeconds(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime())
    ? `${seconds} (unix seconds)`
    : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
