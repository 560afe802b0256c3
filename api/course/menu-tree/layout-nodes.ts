/**
 * Layout (b): a flat dict of nodes keyed by id, linked by `children` lists and `parent` keys.
 *   {"root": {"children": ["sec_561993", …]},
 *    "sec_561993": {"title": "Модуль 1", "children": ["l_1", …]},
 *    "l_1": {"title": "Урок 1", "lesson_id": 1855854, "boom_media": "RPBloIDb", "parent": "sec_561993"}}
 * A lesson belongs to the section whose `children` lists it, or else to its `parent` (a
 * section's `children` may omit some of its lessons). Sections follow the root's `children`,
 * then the order of appearance.
 */
import {
  fail,
  isLessonNode,
  isSectionNode,
  readId,
  readLessonEntry,
  readOrder,
  readSectionIdField,
  readTitle,
  sectionIdFromKey,
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
import type { CourseMeta, RawSection } from './raw-section.ts';

interface Node {
  key: PyKey;
  id: string;
  value: PyDict;
  where: Where;
  index: number;
  kind?: 'root' | 'section' | 'lesson';
}

/** A dict is a node dict when lessons sit at its top level instead of inside sections. */
export function looksLikeNodeDict(entries: [PyKey, PyValue][]): boolean {
  return entries.some(([, value]) => isLessonNode(value));
}

const isRoot = (id: string, value: PyDict): boolean =>
  id.toLowerCase() === 'root' || value.get('type') === 'root';

function refsOf(node: Node, ctx: ReadContext): { ref: string; where: Where }[] {
  const field = node.value.has('children')
    ? 'children'
    : node.value.has('lessons')
      ? 'lessons'
      : undefined;
  if (!field) return [];
  const value = node.value.get(field)!;
  const list = itemsOf(value);
  if (!list)
    fail(
      node.where,
      `${field} must be a list of node keys, got ${describeValue(value, ctx.dialect)}`,
    );
  return list.map((item, i) => {
    const where = { path: childPath(childPath(node.where.path, field), i) };
    if (typeof item !== 'string' && typeof item !== 'number') {
      fail(
        where,
        `expected the key of a node (such as "l_1"), got ${describeValue(item, ctx.dialect)}`,
      );
    }
    return { ref: keyText(item), where };
  });
}

function parentOf(node: Node, ctx: ReadContext): string | undefined {
  const parent = node.value.get('parent');
  if (parent === undefined || parent === null) return undefined;
  if (typeof parent !== 'string' && typeof parent !== 'number')
    fail(node.where, `parent must be a node key, got ${describeValue(parent, ctx.dialect)}`);
  return keyText(parent);
}

function classify(nodes: Map<string, Node>, ctx: ReadContext): void {
  const parentTargets = new Set<string>();
  const listed = new Set<string>();
  for (const node of nodes.values()) {
    if (isRoot(node.id, node.value)) node.kind = 'root';
    else if (isLessonNode(node.value)) node.kind = 'lesson';
    else if (isSectionNode(node.value) || /^sec(?:tion)?[_-]?\d+$/i.test(node.id))
      node.kind = 'section';
  }
  for (const node of nodes.values()) {
    const parent = parentOf(node, ctx);
    if (parent !== undefined && node.kind !== 'section' && node.kind !== 'root')
      parentTargets.add(parent);
    if (node.kind === 'section') for (const { ref } of refsOf(node, ctx)) listed.add(ref);
    if (node.kind === 'root') {
      // Whatever the root lists is a section, even a node with only a title.
      for (const { ref } of refsOf(node, ctx)) {
        const target = nodes.get(ref);
        if (target && !target.kind) target.kind = 'section';
      }
    }
  }
  for (const node of nodes.values()) {
    if (node.kind) continue;
    if (parentTargets.has(node.id)) node.kind = 'section';
    else if (node.value.has('parent') || listed.has(node.id)) node.kind = 'lesson';
    else
      fail(
        node.where,
        'is neither a section nor a lesson: a lesson has "lesson_id"/"boom_media", a section has a "sec_<id>" key or "children"',
      );
  }
}

function sectionOrder(
  nodes: Map<string, Node>,
  root: Node | undefined,
  ctx: ReadContext,
): Map<string, number> {
  const rank = new Map<string, number>();
  for (const { ref, where } of root ? refsOf(root, ctx) : []) {
    const target = nodes.get(ref);
    if (!target) fail({ ...where, title: root!.where.title }, `"${ref}" is not a node of the tree`);
    if (target.kind !== 'section')
      fail(
        target.where,
        `is listed in the root's children but is not a section (lessons must be inside a section)`,
      );
    if (!rank.has(ref)) rank.set(ref, rank.size);
  }
  const listedCount = rank.size;
  for (const node of nodes.values())
    if (node.kind === 'section' && !rank.has(node.id)) rank.set(node.id, listedCount + node.index);
  return rank;
}

export function readNodes(
  entries: [PyKey, PyValue][],
  path: string,
  ctx: ReadContext,
): { sections: RawSection[]; meta: CourseMeta } {
  const nodes = new Map<string, Node>();
  entries.forEach(([key, value], index) => {
    const where: Where = { path: childPath(path, key) };
    if (!(value instanceof PyDict))
      fail(
        where,
        `expected a node (a dict for a section or a lesson), got ${describeValue(value, ctx.dialect)}`,
      );
    const node: Node = {
      key,
      id: keyText(key),
      value,
      where: { ...where, title: readTitle(value, where, ctx, false) },
      index,
    };
    nodes.set(node.id, node);
  });
  classify(nodes, ctx);
  const root = [...nodes.values()].find((n) => n.kind === 'root');
  const rank = sectionOrder(nodes, root, ctx);

  // Lessons listed in a section's children first, in that order; then those that only name a parent.
  const owner = new Map<string, { section: string; rank: number; where: Where }>();
  const members = new Map<string, Node[]>();
  for (const section of nodes.values()) {
    if (section.kind !== 'section') continue;
    members.set(section.id, []);
    refsOf(section, ctx).forEach(({ ref, where }, i) => {
      const target = nodes.get(ref);
      const at = { ...where, title: section.where.title };
      if (!target) fail(at, `"${ref}" is not a node of the tree`);
      if (target.kind === 'section')
        fail(
          target.where,
          `is listed in the children of "${section.id}": a section inside a section is not supported`,
        );
      if (target.kind !== 'lesson') fail(at, `"${ref}" is not a lesson`);
      const before = owner.get(ref);
      if (before && before.section !== section.id)
        fail(
          target.where,
          `is listed in the children of both "${before.section}" and "${section.id}"`,
        );
      if (!before) owner.set(ref, { section: section.id, rank: i, where: at });
    });
  }
  for (const node of nodes.values()) {
    if (node.kind !== 'lesson') continue;
    const parent = parentOf(node, ctx);
    const listedIn = owner.get(node.id);
    if (parent !== undefined) {
      const target = nodes.get(parent);
      if (!target) fail(node.where, `parent "${parent}" is not a section of the tree`);
      if (target.kind !== 'section')
        fail(
          node.where,
          `parent "${parent}" is ${target.kind === 'root' ? 'the root' : 'a lesson'}, not a section`,
        );
      if (listedIn && listedIn.section !== parent)
        fail(
          node.where,
          `parent is "${parent}" but the lesson is listed in the children of "${listedIn.section}"`,
        );
    }
    const section = listedIn?.section ?? parent;
    if (section === undefined)
      fail(
        node.where,
        'belongs to no section: give it a "parent" or list it in a section\'s "children"',
      );
    members.get(section)!.push(node);
  }

  const sections = [...nodes.values()]
    .filter((n) => n.kind === 'section')
    .map((section): RawSection => {
      const parent = parentOf(section, ctx);
      if (parent !== undefined && nodes.get(parent)?.kind === 'section')
        fail(
          section.where,
          `parent "${parent}" is a section: a section inside a section is not supported`,
        );
      const list = members.get(section.id)!;
      const childCount = refsOf(section, ctx).length;
      const entries: LessonEntry[] = list.map((node) => {
        const listed = owner.get(node.id);
        return readLessonEntry(
          node.value,
          { path: node.where.path },
          listed ? listed.rank : childCount + node.index,
          ctx,
        );
      });
      const fieldId = readSectionIdField(section.value, section.where, ctx);
      const keyId = typeof section.key === 'string' ? sectionIdFromKey(section.key) : null;
      return {
        where: section.where,
        title: section.where.title,
        sectionId: keyId ?? fieldId,
        order: readOrder(section.value, section.where, ctx),
        appearance: rank.get(section.id)!,
        entries,
      };
    });

  const meta: CourseMeta = {};
  if (root) {
    meta.title = root.where.title;
    const courseId = root.value.get('course_id') ?? root.value.get('stepik_course_id');
    if (courseId !== undefined) meta.courseId = readId(courseId, 'course_id', root.where, ctx);
  }
  return { sections, meta };
}
