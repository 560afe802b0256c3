/**
 * Layout (c): a flat list of lessons, each naming its section by `parent`, with the section
 * titles (if any) in a separate mapping:
 *   menu_tree = [{"title": "Урок 1", "lesson_id": 1855854, "boom_media": "RPBloIDb", "parent": "sec_561993"}, …]
 *   sections = {"sec_561993": "Модуль 1. Введение", …}        (or {"sec_…": {"title": …, "position": 1}})
 * or both in one dict: {"sections": {…}, "lessons": […]}. With a mapping, sections follow it and
 * every parent must be in it; without one, sections follow the first lesson that names them.
 */
import {
  fail,
  readLessonEntry,
  readOrder,
  readSectionIdField,
  readTitle,
  sectionIdFromKey,
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

export interface SectionTitles {
  /** `sections` or `menu_tree["sections"]`: how the mapping is named in messages. */
  path: string;
  value: PyValue;
}

function sectionFromTitles(
  key: PyKey,
  value: PyValue,
  where: Where,
  appearance: number,
  ctx: ReadContext,
): RawSection {
  const base = { where, sectionId: sectionIdFromKey(key), appearance, entries: [] };
  if (value === null) return base;
  if (typeof value === 'string') {
    const title = value.replace(/\s+/g, ' ').trim();
    return { ...base, where: { ...where, title }, title: title || undefined };
  }
  if (!(value instanceof PyDict))
    fail(
      where,
      `expected a section title (a string, or a dict with "title"), got ${describeValue(value, ctx.dialect)}`,
    );
  const title = readTitle(value, where, ctx, false);
  const titled = { ...where, title };
  const fieldId = readSectionIdField(value, titled, ctx);
  return {
    ...base,
    where: titled,
    title,
    sectionId: base.sectionId ?? fieldId,
    order: readOrder(value, titled, ctx),
  };
}

/** The mapping as `key → section`: a dict keyed by section, or a list of `{"id": "sec_…", "title": …}`. */
function readTitles(titles: SectionTitles, ctx: ReadContext): Map<string, RawSection> {
  const sections = new Map<string, RawSection>();
  const list = itemsOf(titles.value);
  if (titles.value instanceof PyDict) {
    titles.value.entries.forEach(([key, value], i) =>
      sections.set(
        keyText(key),
        sectionFromTitles(key, value, { path: childPath(titles.path, key) }, i, ctx),
      ),
    );
  } else if (list) {
    list.forEach((item, i) => {
      const where = { path: childPath(titles.path, i) };
      const id =
        item instanceof PyDict
          ? (item.get('key') ?? item.get('id') ?? item.get('section_id'))
          : undefined;
      if (!(item instanceof PyDict) || (typeof id !== 'string' && typeof id !== 'number')) {
        fail(
          where,
          `expected a section such as {"id": "sec_561993", "title": "Модуль 1"}, got ${describeValue(item, ctx.dialect)}`,
        );
      }
      sections.set(keyText(id), sectionFromTitles(id, item, where, i, ctx));
    });
  } else {
    fail(
      { path: titles.path },
      `expected the section titles as a dict such as {"sec_561993": "Модуль 1"}, got ${describeValue(titles.value, ctx.dialect)}`,
    );
  }
  return sections;
}

export function readLessonList(
  items: PyValue[],
  path: string,
  titles: SectionTitles | undefined,
  ctx: ReadContext,
): RawSection[] {
  const sections = titles ? readTitles(titles, ctx) : new Map<string, RawSection>();
  items.forEach((item, i) => {
    const entry = readLessonEntry(item, { path: childPath(path, i) }, i, ctx);
    if (entry.parent === undefined)
      fail(
        entry.where,
        'has no "parent": a lesson in a flat list must name its section, e.g. "parent": "sec_561993"',
      );
    let section = sections.get(entry.parent);
    if (!section) {
      if (titles) fail(entry.where, `parent "${entry.parent}" is not in ${titles.path}`);
      section = {
        where: { path: `${path} (parent ${JSON.stringify(entry.parent)})` },
        sectionId: sectionIdFromKey(entry.parent),
        appearance: sections.size,
        entries: [],
      };
      sections.set(entry.parent, section);
    }
    section.entries.push(entry);
  });
  return [...sections.values()];
}
