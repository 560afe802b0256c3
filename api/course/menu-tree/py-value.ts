/**
 * Values read from a Python (or JSON) literal. Dicts keep their entries as written: a plain JS
 * object would reorder integer-like keys (`{"2": …, "1": …}`), and order of appearance is how
 * the legacy tree orders sections and lessons.
 */

export type PyKey = string | number | boolean | null | PyTuple;
export type PyValue = PyKey | PyValue[] | PyDict;

export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}

export class PyDict {
  constructor(readonly entries: [PyKey, PyValue][]) {}

  get(key: string): PyValue | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }

  has(key: string): boolean {
    return this.entries.some(([k]) => k === key);
  }
}

export type Dialect = 'python' | 'json';

/** Lists and tuples are the same thing for the tree. */
export function itemsOf(value: PyValue | undefined): PyValue[] | undefined {
  if (Array.isArray(value)) return value;
  if (value instanceof PyTuple) return value.items;
  return undefined;
}

/** The key as used for links between nodes (`"parent": "sec_1"` or `"parent": 561993`). */
export function keyText(key: PyKey | PyValue): string {
  return typeof key === 'string' ? key : describeValue(key, 'python');
}

/** `menu_tree` + `"sec_561993"` → `menu_tree["sec_561993"]`; numbers are indexes or int keys. */
export function childPath(parent: string, key: PyKey): string {
  return `${parent}[${typeof key === 'string' ? JSON.stringify(key) : describeValue(key, 'python')}]`;
}

/** A short, source-like rendering of a value for messages: `"abc"`, `12`, `None`, `a dict`. */
export function describeValue(value: PyValue | undefined, dialect: Dialect): string {
  if (value === undefined) return 'nothing';
  if (value === null) return dialect === 'json' ? 'null' : 'None';
  if (typeof value === 'boolean')
    return dialect === 'json' ? String(value) : value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value instanceof PyDict) return 'a dict';
  if (value instanceof PyTuple) return 'a tuple';
  return 'a list';
}
