/**
 * Reading the driver's own values that `Database.prepareRows` gives, the same on both dialects:
 * SQLite (better-sqlite3) keeps timestamps as integer milliseconds and booleans as 0/1;
 * PostgreSQL (postgres.js) gives Date and boolean, and 64-bit integers as strings.
 */

export function dateValue(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(Number(value));
}

export function booleanValue(value: unknown): boolean {
  return value === true || value === 1;
}

export function numberValue(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function textValue(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
