/** One column value between its Drizzle form (Date, boolean, parsed JSON) and its dump form. */
import type { ColumnSpec } from './dump-columns.ts';
import { DumpError, preview, type JsonValue } from './dump-format.ts';

/**
 * A JSON value with object keys sorted. PostgreSQL's jsonb reorders keys (shortest first) while
 * SQLite keeps them as written, so without this the same data would dump differently.
 */
export function canonicalJson(value: unknown): JsonValue {
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (typeof value === 'object' && value !== null) {
    const sorted: Record<string, JsonValue> = {};
    for (const key of Object.keys(value).sort())
      sorted[key] = canonicalJson((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value as JsonValue;
}

/** `where` names the cell in errors, e.g. `users[3].created_at`. */
export function toDumpValue(column: ColumnSpec, value: unknown, where: string): JsonValue {
  if (value === null || value === undefined) return null;
  const fail = (expected: string): never => {
    throw new DumpError([`${where}: cannot dump ${preview(value)} as ${expected}`]);
  };
  switch (column.dataType) {
    case 'date':
      return value instanceof Date && !Number.isNaN(value.getTime())
        ? value.toISOString()
        : fail('a time');
    case 'boolean':
      return typeof value === 'boolean' ? value : fail('a boolean');
    case 'number':
      // JSON has no NaN or Infinity (PostgreSQL's double precision does).
      if (typeof value === 'number') return Number.isFinite(value) ? value : fail('a JSON number');
      return typeof value === 'bigint' && Number.isSafeInteger(Number(value))
        ? Number(value)
        : fail('a number');
    case 'string':
      return typeof value === 'string' ? value : fail('a string');
    case 'json':
      return canonicalJson(value);
  }
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // Strings by UTF-16 code units, not by a database collation: both dialects must agree.
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Orders Drizzle rows (keyed by property name) by their primary key columns. */
export function compareByKey(
  primaryKey: readonly ColumnSpec[],
): (a: Record<string, unknown>, b: Record<string, unknown>) => number {
  return (a, b) => {
    for (const column of primaryKey) {
      const order = compareValues(a[column.key], b[column.key]);
      if (order !== 0) return order;
    }
    return 0;
  };
}
