/**
 * Layout (a): sections hold their lessons.
 *   {"sec_561993": [lesson, …], …}
 *   {"sec_561993": {"title": "Модуль 1", "lessons": [lesson, …]}, …}   (or "children")
 *   [{"id": 561993, "title": "Модуль 1", "lessons": [...]}, …]          (a list of sections)
 */
import {
  fail,
  readLessonEntry,
  readOrder,
  readSectionIdField,
  readTitle,
  sectionChildren,
  sectionIdFromKey,
  isLessonNode,
  type LessonEntry,
  type ReadContext,
  type Where,
} from './entries.ts';
import {
  PyDict,
  childPath,
  describeValue,
  itemsOf,
  keyText,
  type PyKey,
  type PyValue,
} from './py-value.ts';
import type { RawSection } from './raw-section.ts';

const SECTION_SHAPE = 'a section (a list of lessons, or a dict with "title" and "lessons")';

function readLessons(
  container: PyValue,
  path: string,
  where: Where,
  sectionKey: string | undefined,
  ctx: ReadContext,
): LessonEntry[] {
  const list = itemsOf(container);
  // A dict of lessons keyed by anything ({"l_1": {...}}) keeps its order like a list.
  const children: [PyKey, PyValue][] | undefined = list
    ? list.map((v, i) => [i, v])
    : container instanceof PyDict
      ? container.entries
      : undefined;
  if (!children)
    fail(where, `the lessons must be a list, got ${describeValue(container, ctx.dialect)}`);
  return children.map(([key, node], index) => {
    const entry = readLessonEntry(node, { path: childPath(path, key) }, index, ctx);
    if (sectionKey !== undefined && entry.parent !== undefined && entry.parent !== sectionKey) {
      fail(
        entry.where,
        `parent is "${entry.parent}" but the lesson is listed in section "${sectionKey}"`,
      );
    }
    return entry;
  });
}

function readSection(
  key: PyKey | undefined,
  value: PyValue,
  path: string,
  appearance: number,
  ctx: ReadContext,
): RawSection {
  const keyId = key === undefined ? null : sectionIdFromKey(key);
  const sectionKey = key === undefined ? undefined : keyText(key);
  if (itemsOf(value)) {
    return {
      where: { path },
      sectionId: keyId,
      appearance,
      entries: readLessons(value, path, { path }, sectionKey, ctx),
    };
  }
  if (!(value instanceof PyDict))
    fail({ path }, `expected ${SECTION_SHAPE}, got ${describeValue(value, ctx.dialect)}`);
  const where: Where = { path, title: readTitle(value, { path }, ctx, false) };
  if (isLessonNode(value))
    fail(where, `expected ${SECTION_SHAPE}, got a lesson outside any section`);
  const children = sectionChildren(value);
  if (!children)
    fail(where, `expected ${SECTION_SHAPE}: there is no "lessons" (or "children") list`);
  const fieldId = readSectionIdField(value, where, ctx);
  if (keyId !== null && fieldId !== null && keyId !== fieldId)
    fail(where, `the key says section ${keyId} but the id field says ${fieldId}`);
  return {
    where,
    title: where.title,
    sectionId: keyId ?? fieldId,
    order: readOrder(value, where, ctx),
    appearance,
    entries: readLessons(children.value, childPath(path, children.field), where, sectionKey, ctx),
  };
}

/** A dict of sections (course-level fields already taken out). */
export function readSectionsDict(
  entries: [PyKey, PyValue][],
  path: string,
  ctx: ReadContext,
): RawSection[] {
  return entries.map(([key, value], i) => readSection(key, value, childPath(path, key), i, ctx));
}

/** A list of section dicts. */
export function readSectionsList(items: PyValue[], path: string, ctx: ReadContext): RawSection[] {
  return items.map((value, i) => {
    if (!(value instanceof PyDict))
      fail(
        { path: childPath(path, i) },
        `expected ${SECTION_SHAPE}, got ${describeValue(value, ctx.dialect)}`,
      );
    return readSection(undefined, value, childPath(path, i), i, ctx);
  });
}
