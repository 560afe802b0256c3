/**
 * Reading single nodes of the tree: a lesson entry and the fields a section may carry. Every
 * complaint names the entry by its path in the tree and its title, so it can be found in a
 * file of hundreds of entries.
 */
import { MEDIA_CODE_PATTERN } from '../schema.ts';
import { MenuTreeError } from './errors.ts';
import {
  PyDict,
  describeValue,
  itemsOf,
  keyText,
  type Dialect,
  type PyKey,
  type PyValue,
} from './py-value.ts';

/** Where an entry is: `menu_tree["sec_561993"][2]` and its title when known. */
export interface Where {
  path: string;
  title?: string;
}

export interface ReadContext {
  dialect: Dialect;
}

/** `menu_tree["sec_561993"][2] ("Урок 3")` */
export function describeWhere(where: Where): string {
  return `${where.path}${where.title ? ` (${JSON.stringify(where.title)})` : ''}`;
}

export function fail(where: Where, message: string): never {
  throw new MenuTreeError(`${describeWhere(where)}: ${message}`);
}

export interface LessonEntry {
  where: Where;
  title: string;
  lessonId: number | null;
  codes: string[];
  /** Explicit `position`/`order` field. */
  order?: number;
  /** Index in the order the entries were met. */
  appearance: number;
  /** The `parent` link, as text (`"sec_561993"`). */
  parent?: string;
}

const LESSON_FIELDS = ['lesson_id', 'stepik_lesson_id', 'boom_media'];
const SECTION_FIELDS = ['lessons', 'children', 'items'];
const ORDER_FIELDS = ['position', 'order', 'pos'];
const SECTION_KEY = /^(?:sec(?:tion)?[_-]?)?(\d+)$/i;

const typeOf = (node: PyDict): string | undefined => {
  const type = node.get('type') ?? node.get('kind');
  return typeof type === 'string' ? type.toLowerCase() : undefined;
};

function lessonShaped(node: PyDict): boolean {
  const type = typeOf(node);
  if (type) return type === 'lesson' || type === 'урок';
  return LESSON_FIELDS.some((f) => node.has(f));
}

export function isLessonNode(node: PyValue | undefined): node is PyDict {
  return node instanceof PyDict && lessonShaped(node);
}

export function isSectionNode(node: PyValue | undefined): boolean {
  if (!(node instanceof PyDict) || lessonShaped(node)) return false;
  const type = typeOf(node);
  if (type) return ['section', 'module', 'раздел', 'модуль'].includes(type);
  return SECTION_FIELDS.some((f) => node.has(f));
}

/** The lessons container of a section dict: `lessons`, `children` or `items`. */
export function sectionChildren(node: PyDict): { field: string; value: PyValue } | undefined {
  const field = SECTION_FIELDS.find((f) => node.has(f));
  return field ? { field, value: node.get(field)! } : undefined;
}

/** `sec_561993` → 561993; a bare number (or digit string) is taken as the section id too. */
export function sectionIdFromKey(key: PyKey | PyValue): number | null {
  if (typeof key === 'number' && Number.isSafeInteger(key) && key > 0) return key;
  if (typeof key !== 'string') return null;
  const match = SECTION_KEY.exec(key.trim());
  return match ? Number(match[1]) : null;
}

/** A title in `title` (or `name`), trimmed and with runs of whitespace made single spaces. */
export function readTitle(
  node: PyDict,
  where: Where,
  ctx: ReadContext,
  required: boolean,
): string | undefined {
  const field = node.has('title') ? 'title' : node.has('name') ? 'name' : undefined;
  const raw = field === undefined ? undefined : node.get(field);
  if (raw === undefined || raw === null) {
    if (required) fail(where, 'has no "title"');
    return undefined;
  }
  if (typeof raw !== 'string')
    fail(where, `${field} must be a string, got ${describeValue(raw, ctx.dialect)}`);
  const title = raw.replace(/\s+/g, ' ').trim();
  if (!title) {
    if (required) fail(where, `${field} is empty`);
    return undefined;
  }
  return title;
}

export function readOrder(node: PyDict, where: Where, ctx: ReadContext): number | undefined {
  const field = ORDER_FIELDS.find((f) => node.has(f));
  if (!field) return undefined;
  const value = node.get(field)!;
  if (value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    fail(where, `${field} must be a number, got ${describeValue(value, ctx.dialect)}`);
  return value;
}

/** A positive whole number; legacy dumps sometimes hold ids as digit strings, which are accepted. */
export function readId(
  value: PyValue | undefined,
  field: string,
  where: Where,
  ctx: ReadContext,
): number | null {
  if (value === undefined || value === null) return null;
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    fail(where, `${field} must be a whole number, got ${describeValue(value, ctx.dialect)}`);
  }
  if (number <= 0 || !Number.isSafeInteger(number))
    fail(
      where,
      `${field} must be a positive whole number, got ${describeValue(value, ctx.dialect)}`,
    );
  return number;
}

/** The section id a section node states itself (`section_id`, `stepik_section_id` or `id`). */
export function readSectionIdField(node: PyDict, where: Where, ctx: ReadContext): number | null {
  const field = ['stepik_section_id', 'section_id', 'id'].find((f) => node.has(f));
  if (!field) return null;
  const value = node.get(field)!;
  const fromKey = typeof value === 'string' ? sectionIdFromKey(value) : null;
  return fromKey ?? readId(value, field, where, ctx);
}

function readCodes(node: PyDict, where: Where, ctx: ReadContext): string[] {
  const value = node.get('boom_media');
  if (value === undefined || value === null || value === '') return [];
  const list = itemsOf(value) ?? [value];
  return list.map((item) => {
    const code = typeof item === 'string' ? item.trim() : item;
    if (typeof code !== 'string' || !MEDIA_CODE_PATTERN.test(code)) {
      fail(
        where,
        `boom_media must be a Boomstream media code (8 latin letters or digits), got ${describeValue(item, ctx.dialect)}`,
      );
    }
    return code;
  });
}

export function readLessonEntry(
  node: PyValue,
  where: Where,
  appearance: number,
  ctx: ReadContext,
): LessonEntry {
  if (!(node instanceof PyDict)) {
    fail(
      where,
      `expected a lesson (a dict with "title", "lesson_id" and "boom_media"), got ${describeValue(node, ctx.dialect)}`,
    );
  }
  const titled: Where = { ...where, title: readTitle(node, where, ctx, false) };
  if (isSectionNode(node))
    fail(
      titled,
      'a section inside a section is not supported: lessons must be directly in a section',
    );
  const title = readTitle(node, titled, ctx, true)!;
  const idField = node.has('lesson_id') ? 'lesson_id' : 'stepik_lesson_id';
  const parent = node.get('parent');
  if (
    parent !== undefined &&
    parent !== null &&
    typeof parent !== 'string' &&
    typeof parent !== 'number'
  ) {
    fail(
      titled,
      `parent must be a section key such as "sec_561993", got ${describeValue(parent, ctx.dialect)}`,
    );
  }
  return {
    where: titled,
    title,
    lessonId: readId(node.get(idField), idField, titled, ctx),
    codes: readCodes(node, titled, ctx),
    order: readOrder(node, titled, ctx),
    appearance,
    ...(parent === undefined || parent === null ? {} : { parent: keyText(parent) }),
  };
}
