/**
 * Checks every record of a dump against the schema before anything is written, and turns it
 * into a row Drizzle can insert. Problems name the cell: `users[3].created_at: expected …`.
 */
import { is, SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Dialect } from './client.ts';
import type { ColumnSpec, TableSpec } from './dump-columns.ts';
import { DumpError, preview, type DumpEnvelope } from './dump-format.ts';
import { parseIsoTime } from './dump-time.ts';
import type { TableRecordsTransform } from './dump-transforms.ts';
import { toDumpValue } from './dump-values.ts';

/** A table's rows ready for Drizzle: keyed by property name, times as Dates. */
export interface PreparedTable {
  spec: TableSpec;
  rows: Record<string, unknown>[];
}

export interface PrepareOptions {
  dialect: Dialect;
  transforms: Readonly<Record<string, TableRecordsTransform>>;
  /** What a missing created_at/updated_at becomes: one instant for the whole load. */
  now: Date;
}

/** Enough to fix a file in one go without flooding the terminal. */
const MAX_PROBLEMS = 50;

const expected =
  (what: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === null ? 'must not be null' : `expected ${what}, got ${preview(issue.input)}`;

function integerSchema(bits: 16 | 32 | undefined): z.ZodType {
  if (bits === undefined)
    return z.int({ error: expected('a whole number (at most 2^53 - 1 in size)') });
  const limit = 2 ** (bits - 1);
  const message = expected(`a whole number from ${-limit} to ${limit - 1}`);
  return z
    .int({ error: message })
    .min(-limit, { error: message })
    .max(limit - 1, { error: message });
}

function fieldSchema(column: ColumnSpec): z.ZodType {
  let schema: z.ZodType;
  switch (column.dataType) {
    case 'string':
      schema = z.string({ error: expected('a string') });
      break;
    case 'boolean':
      schema = z.boolean({ error: expected('true or false') });
      break;
    case 'number':
      schema = column.integer
        ? integerSchema(column.bits)
        : z.number({ error: expected('a number') });
      break;
    case 'date':
      schema = z.string({ error: expected('an ISO-8601 time') }).transform((text, ctx) => {
        const time = parseIsoTime(text);
        if (time) return time;
        ctx.addIssue({
          code: 'custom',
          message: `expected an ISO-8601 time, got ${preview(text)}`,
        });
        return z.NEVER;
      });
      break;
    case 'json':
      // JSON null is a JSON value, but the column stores it as SQL NULL (see the report notes).
      schema = z.json({ error: expected('a JSON value') });
      if (column.notNull)
        schema = schema.refine((value) => value !== null, { message: 'must not be null' });
      break;
  }
  return column.notNull ? schema : schema.nullable();
}

function recordSchema(spec: TableSpec): z.ZodType<Record<string, unknown>> {
  return z.strictObject(
    Object.fromEntries(spec.columns.map((column) => [column.name, fieldSchema(column)])),
  );
}

type Fallback = { ok: true; value: unknown } | { ok: false; reason: string };

/** What an older dump's missing field becomes: the column default, else null, else a problem. */
function missingValue(column: ColumnSpec, now: Date, where: string): Fallback {
  if (column.primary) return { ok: false, reason: 'and it is part of the primary key' };
  const { defaultFn, default: fixed } = column.column;
  if (defaultFn) return { ok: true, value: toDumpValue(column, defaultFn(), where) };
  if (fixed !== undefined && !is(fixed, SQL))
    return { ok: true, value: toDumpValue(column, fixed, where) };
  // A database-side default we can compute here: now() for created_at/updated_at.
  if (fixed !== undefined && column.dataType === 'date')
    return { ok: true, value: now.toISOString() };
  if (!column.notNull) return { ok: true, value: null };
  return { ok: false, reason: 'and the column has no default and does not allow null' };
}

function describeIssues(where: string, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${where}.${key}: not a column of this table`)
      : [
          `${where}${issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')}: ${issue.message}`,
        ],
  );
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function validateRecords(
  spec: TableSpec,
  records: readonly unknown[],
  now: Date,
  problems: string[],
): Record<string, unknown>[] {
  const schema = recordSchema(spec);
  const rows: Record<string, unknown>[] = [];
  const firstIndexByKey = new Map<string, number>();
  for (const [index, record] of records.entries()) {
    if (problems.length >= MAX_PROBLEMS) break;
    const where = `${spec.name}[${index}]`;
    if (!isPlainObject(record)) {
      problems.push(`${where}: expected an object, got ${preview(record)}`);
      continue;
    }
    const filled: Record<string, unknown> = { ...record };
    const missing = new Set<string>();
    for (const column of spec.columns) {
      if (Object.hasOwn(filled, column.name)) continue;
      const fallback = missingValue(column, now, `${where}.${column.name}`);
      if (fallback.ok) filled[column.name] = fallback.value;
      else {
        problems.push(`${where}.${column.name}: missing, ${fallback.reason}`);
        missing.add(column.name);
      }
    }
    const result = schema.safeParse(filled);
    if (!result.success) {
      // A missing field is already reported above; the schema would say it again.
      const issues = result.error.issues.filter((issue) => !missing.has(String(issue.path[0])));
      problems.push(...describeIssues(where, issues));
    }
    if (!result.success || missing.size > 0) continue;
    const data = result.data;
    // Two records with one key would make a single upsert statement fail halfway through the load.
    const keyText = JSON.stringify(spec.primaryKey.map((column) => data[column.name]));
    const first = firstIndexByKey.get(keyText);
    if (first !== undefined) {
      const key = spec.primaryKey
        .map((column) => `${column.name}=${preview(data[column.name])}`)
        .join(', ');
      problems.push(`${where}: same primary key as ${spec.name}[${first}] (${key})`);
      continue;
    }
    firstIndexByKey.set(keyText, index);
    rows.push(Object.fromEntries(spec.columns.map((column) => [column.key, data[column.name]])));
  }
  return rows;
}

/** Every table of `specs` (absent from the file = no rows), validated; throws DumpError listing problems. */
export async function prepareTables(
  specs: readonly TableSpec[],
  envelope: DumpEnvelope,
  options: PrepareOptions,
): Promise<PreparedTable[]> {
  const known = specs.map((spec) => spec.name);
  const unknown = Object.keys(envelope.tables).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new DumpError(
      unknown.map((name) => `unknown table "${name}" (tables here: ${known.join(', ')})`),
    );
  }
  const problems: string[] = [];
  const prepared: PreparedTable[] = [];
  for (const spec of specs) {
    let records: readonly unknown[] = envelope.tables[spec.name] ?? [];
    const transform = options.transforms[spec.name];
    if (transform)
      records = await transform(records, { version: envelope.version, dialect: options.dialect });
    prepared.push({ spec, rows: validateRecords(spec, records, options.now, problems) });
  }
  if (problems.length > 0) throw new DumpError(problems.slice(0, MAX_PROBLEMS));
  return prepared;
}
