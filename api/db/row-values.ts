/**
 * Reading the driver's own values that `Database.prepareRows` gives, the same on both dialects:
 * SQLite keeps timestamps as integer milliseconds and booleans as 0/1, PostgreSQL (postgres.js)
 * gives Date and boolean, and 64-bit integers as strings.
 */

export function dateValue(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  return new Date(String(value));
}

export function booleanValue(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === '1' || value === 't';
}

export function numberValue(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return Number(value);
}

export function textValue(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
