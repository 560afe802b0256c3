/**
 * Which cell holds what: from the header row (see ./boomstream-headers.ts), overridden field by
 * field by `--columns email=3,password=Код` (1-based numbers or header names). A file without a
 * header row is recognised when `--columns` gives the email column by number and the first line
 * holds an email there.
 */
import { isPlausibleEmail, normalizeEmail } from '../auth/users.ts';
import {
  COLUMN_FIELDS,
  FIELD_LABELS,
  fieldForHeader,
  fieldForOptionKey,
  headerKey,
  type ColumnField,
} from './boomstream-headers.ts';
import { ImportError } from './import-error.ts';

export interface ColumnRef {
  /** 0-based. */
  index: number;
  /** The header cell as written, or null in a file without a header row. */
  header: string | null;
}

export interface CsvLayout {
  hasHeader: boolean;
  /** Cells a row should have: the first line's count. */
  width: number;
  email: ColumnRef;
  password: ColumnRef;
  first?: ColumnRef;
  last?: ColumnRef;
  fullName?: ColumnRef & { order: 'first-last' | 'last-first' };
  /** Header columns the import does not use (phone, dates…). */
  ignored: ColumnRef[];
}

/** Field → 1-based column number or header name. */
export type ColumnsMapping = Partial<Record<ColumnField, number | string>>;

/** `column "Пароль" (4)`, or `column 4` without a header row. */
export function describeColumn(ref: ColumnRef): string {
  return ref.header === null
    ? `column ${ref.index + 1}`
    : `column "${ref.header}" (${ref.index + 1})`;
}

/** Parses `email=3,first=1,last=2,password=4` or `email=Почта,password=Код`. */
export function parseColumnsOption(spec: string): ColumnsMapping {
  const mapping: ColumnsMapping = {};
  for (const part of spec.split(',')) {
    const match = /^\s*([^=]+?)\s*=\s*(.*?)\s*$/.exec(part);
    if (!match || match[2] === '')
      throw new ImportError(
        `--columns: "${part.trim()}" is not field=column (e.g. email=3 or email=Почта)`,
      );
    const field = fieldForOptionKey(match[1]!);
    if (!field)
      throw new ImportError(
        `--columns: unknown field "${match[1]}"; use ${COLUMN_FIELDS.join(', ')}`,
      );
    if (field in mapping) throw new ImportError(`--columns: ${field} is given twice`);
    const value = match[2]!;
    if (/^\d+$/.test(value)) {
      if (Number(value) < 1)
        throw new ImportError(`--columns: ${field}=${value}: columns are numbered from 1`);
      mapping[field] = Number(value);
    } else {
      mapping[field] = value;
    }
  }
  return mapping;
}

function headersList(row: readonly string[]): string {
  return row.map((h, i) => `"${h}" (${i + 1})`).join(', ');
}

/** A mapped column: a number in range, or exactly one header with that name. */
function mappedIndex(
  field: ColumnField,
  value: number | string,
  row: readonly string[],
  hasHeader: boolean,
): number {
  if (typeof value === 'number') {
    if (value > row.length)
      throw new ImportError(
        `--columns ${field}=${value}: the first line has only ${row.length} column(s)`,
      );
    return value - 1;
  }
  if (!hasHeader)
    throw new ImportError(
      `--columns ${field}=${value}: the first line holds data, not headers, so give columns by number`,
    );
  const found = row.flatMap((h, i) => (headerKey(h) === headerKey(value) ? [i] : []));
  if (found.length === 0)
    throw new ImportError(
      `--columns ${field}=${value}: no such column; the header has ${headersList(row)}`,
    );
  if (found.length > 1)
    throw new ImportError(
      `--columns ${field}=${value}: ${found.length} columns have that name; give its number instead`,
    );
  return found[0]!;
}

function looksLikeEmail(cell: string | undefined): boolean {
  return cell !== undefined && isPlausibleEmail(normalizeEmail(cell));
}

/** Field → column index, from the mapping first and the header names for the rest. */
function assignColumns(
  row: readonly string[],
  mapping: ColumnsMapping,
  hasHeader: boolean,
): Map<ColumnField, number> {
  const chosen = new Map<ColumnField, number>();
  const owner = new Map<number, ColumnField>();
  for (const field of COLUMN_FIELDS) {
    const value = mapping[field];
    if (value === undefined) continue;
    const index = mappedIndex(field, value, row, hasHeader);
    const other = owner.get(index);
    if (other)
      throw new ImportError(`--columns: ${other} and ${field} both name column ${index + 1}`);
    chosen.set(field, index);
    owner.set(index, field);
  }
  if (!hasHeader) return chosen;
  const candidates = new Map<ColumnField, number[]>();
  row.forEach((header, index) => {
    const field = fieldForHeader(header);
    if (!field || owner.has(index) || mapping[field] !== undefined) return;
    candidates.set(field, [...(candidates.get(field) ?? []), index]);
  });
  for (const [field, indexes] of candidates) {
    if (indexes.length > 1) {
      const which = indexes.map((i) => `"${row[i]}" (${i + 1})`).join(' and ');
      throw new ImportError(
        `${indexes.length} columns could be the ${FIELD_LABELS[field]}: ${which}; choose one with --columns ${field}=N`,
      );
    }
    chosen.set(field, indexes[0]!);
  }
  return chosen;
}

/** Works out the layout from the first line and the optional mapping, or explains why it cannot. */
export function resolveLayout(
  firstRow: readonly string[],
  mapping: ColumnsMapping = {},
): CsvLayout {
  const emailByNumber = typeof mapping.email === 'number' ? mapping.email - 1 : undefined;
  const hasHeader = !(emailByNumber !== undefined && looksLikeEmail(firstRow[emailByNumber]));
  if (hasHeader && Object.keys(mapping).length === 0 && firstRow.some(looksLikeEmail)) {
    throw new ImportError(
      'the first line holds data, not column names; give the columns by number, e.g. --columns email=1,first=2,last=3,password=4',
    );
  }
  const chosen = assignColumns(firstRow, mapping, hasHeader);
  const ref = (index: number): ColumnRef => ({
    index,
    header: hasHeader ? (firstRow[index] ?? '') : null,
  });
  for (const field of ['email', 'password'] as const) {
    if (chosen.has(field)) continue;
    const where = hasHeader
      ? `the header has ${headersList(firstRow)}`
      : 'the file has no header row';
    throw new ImportError(
      `no ${field} column: ${where}; name it with --columns ${field}=N (see --help for the header names recognised)`,
    );
  }
  const wholeMapped = mapping.name !== undefined || mapping.fio !== undefined;
  if (wholeMapped && (mapping.first !== undefined || mapping.last !== undefined))
    throw new ImportError('--columns: give either first/last or name/fio, not both');
  // A full-name column named in --columns wins over first/last columns found by header.
  if (wholeMapped) for (const f of ['first', 'last'] as const) chosen.delete(f);
  const separate = chosen.has('first') || chosen.has('last');
  const whole = (['name', 'fio'] as const).filter((f) => chosen.has(f));
  if (!separate && whole.length > 1)
    throw new ImportError(
      `both "${firstRow[chosen.get('name')!]}" and "${firstRow[chosen.get('fio')!]}" hold a full name; choose one with --columns name=N or fio=N`,
    );
  const layout: CsvLayout = {
    hasHeader,
    width: firstRow.length,
    email: ref(chosen.get('email')!),
    password: ref(chosen.get('password')!),
    ignored: [],
  };
  if (chosen.has('first')) layout.first = ref(chosen.get('first')!);
  if (chosen.has('last')) layout.last = ref(chosen.get('last')!);
  if (!separate && whole.length === 1)
    layout.fullName = {
      ...ref(chosen.get(whole[0]!)!),
      order: whole[0] === 'fio' ? 'last-first' : 'first-last',
    };
  const used = new Set(
    [layout.email, layout.password, layout.first, layout.last, layout.fullName].flatMap((r) =>
      r ? [r.index] : [],
    ),
  );
  if (hasHeader) layout.ignored = firstRow.flatMap((_, i) => (used.has(i) ? [] : [ref(i)]));
  return layout;
}
