/**
 * Numbers from a query string or a form, bounded before they reach a query: a JavaScript number
 * past 2^53 is not the integer that was typed, `1e400` is Infinity, and PostgreSQL refuses an
 * `integer` parameter past 2^31 − 1 with an error instead of "no such row".
 */
/** The largest value of a 32-bit `integer` column (our own ids on PostgreSQL). */
export const MAX_INT32 = 2_147_483_647;

/** A positive whole number written as decimal digits (or given as a number), at most `max`; else null. */
export function parsePositiveInteger(
  value: unknown,
  max: number = Number.MAX_SAFE_INTEGER,
): number | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d{1,16}$/.test(value.trim())) n = Number(value.trim());
  else return null;
  return Number.isSafeInteger(n) && n >= 1 && n <= max ? n : null;
}

/** A page number: `fallback` for anything that is not a whole number from 1 to `maxPage`. */
export function parsePageNumber(value: unknown, maxPage: number, fallback = 1): number {
  return parsePositiveInteger(value, maxPage) ?? fallback;
}
