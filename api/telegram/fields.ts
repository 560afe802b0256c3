/** Decoding Telegram's query strings and building the data-check-string both checks sign. */
import { fail, type CheckFailure } from './result.ts';

export interface ReceivedFields {
  /** Decoded pairs in the order received; kept as a list so no key is special (even `__proto__`). */
  entries: Array<[string, string]>;
  /** The same pairs by name (own properties only, built with Object.fromEntries). */
  fields: Record<string, string>;
}

/**
 * Decodes with form-urlencoded rules (URLSearchParams: `%XX` and `+` as a space), which is what
 * Telegram encodes with. A repeated key is never genuine and would make "which value counts"
 * ambiguous between the hash check and the reader, so it is refused.
 */
export function decodeFields(input: string | URLSearchParams): ReceivedFields | CheckFailure<'malformed'> {
  if (typeof input === 'string' && input.length === 0) return fail('malformed', 'the data is empty');
  const params = typeof input === 'string' ? new URLSearchParams(input) : input;
  const entries = [...params.entries()];
  if (entries.length === 0) return fail('malformed', 'the data has no fields');
  const seen = new Set<string>();
  for (const [key] of entries) {
    if (seen.has(key)) return fail('malformed', `field "${key}" appears more than once`);
    seen.add(key);
  }
  return { entries, fields: Object.fromEntries(entries) };
}

export function hasField(fields: Record<string, string>, key: string): boolean {
  return Object.hasOwn(fields, key);
}

/**
 * `key=value` for every field except the excluded ones, sorted by UTF-16 code units (the default
 * sort; localeCompare orders `_` differently) and joined by `\n`. Values are used exactly as
 * decoded: re-serializing JSON would turn Telegram's `\/` into `/` and break the hash.
 */
export function dataCheckString(entries: ReadonlyArray<readonly [string, string]>, excludedKeys: readonly string[]): string {
  return entries
    .filter(([key]) => !excludedKeys.includes(key))
    .map(([key, value]) => `${key}=${value}`)
    .sort()
    .join('\n');
}
