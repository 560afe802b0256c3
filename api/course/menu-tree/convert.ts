/**
 * menu_tree value → the course.yaml structure. Recognizes the layouts legacy trees come in
 * (see layout-*.ts), orders and merges lessons (assemble.ts) and gives every lesson a slug,
 * reusing the slug an earlier import gave the same Stepik lesson.
 */
import { MenuTreeError } from './errors.ts';
import { assembleModules, type ModuleDraft } from './assemble.ts';
import { splitCourseMeta } from './course-meta.ts';
import { fail, isSectionNode, type ReadContext } from './entries.ts';
import { readLessonList, type SectionTitles } from './layout-lesson-list.ts';
import { looksLikeNodeDict, readNodes } from './layout-nodes.ts';
import { readSectionsDict, readSectionsList } from './layout-sections.ts';
import {
  PyDict,
  childPath,
  describeValue,
  itemsOf,
  type Dialect,
  type PyValue,
} from './py-value.ts';
import type { CourseMeta, Layout } from './raw-section.ts';
import { slugify, uniqueSlug } from './slug.ts';

export interface ImportedLesson {
  slug: string;
  title: string;
  lesson_id: number | null;
  position: number;
  videos: { code: string; title: string }[];
}

export interface ImportedModule {
  title: string;
  stepik_section_id: number | null;
  position: number;
  lessons: ImportedLesson[];
}

/** Exactly what is written to course.yaml (a valid `courseFileSchema` input). */
export interface ImportedCourse {
  course: { title: string; stepik_course_id: number | null; description?: string };
  modules: ImportedModule[];
}

export interface ConvertOptions {
  /** Name of the tree in messages: `menu_tree`, `MENU_TREE`… */
  rootName?: string;
  dialect?: Dialect;
  /** Section titles kept beside a flat list of lessons (`sections = {...}` in the module). */
  sectionTitles?: { name: string; value: PyValue };
  /** lesson_id → slug of an earlier import. */
  existingSlugs?: ReadonlyMap<number, string>;
  /** Overrides the course title found in the tree. */
  title?: string;
  /** Overrides the Stepik course id found in the tree. */
  courseId?: number | null;
}

export interface ConvertResult {
  course: ImportedCourse;
  layout: Layout['name'];
  warnings: string[];
  /** How many lessons kept their slug from `existingSlugs`. */
  reusedSlugs: number;
}

export const DEFAULT_COURSE_TITLE = 'Курс';

/** Keys under which a tree is wrapped one level down: {"title": …, "sections": {…}}. */
const WRAPPER_KEYS = new Set(['sections', 'modules', 'tree', 'menu_tree', 'menu', 'nodes']);
const TITLE_MAPPING_KEYS = new Set(['sections', 'section_titles', 'modules']);

const mergeMeta = (inner: CourseMeta, outer: CourseMeta): CourseMeta => ({
  title: outer.title ?? inner.title,
  courseId: outer.courseId ?? inner.courseId,
  description: outer.description ?? inner.description,
});

function readLayout(
  value: PyValue,
  path: string,
  ctx: ReadContext,
  titles: SectionTitles | undefined,
): Layout {
  const items = itemsOf(value);
  if (items) {
    if (items.length === 0) fail({ path }, 'the tree is empty');
    if (isSectionNode(items[0]))
      return { name: 'sections', sections: readSectionsList(items, path, ctx), meta: {} };
    return { name: 'lesson-list', sections: readLessonList(items, path, titles, ctx), meta: {} };
  }
  if (!(value instanceof PyDict))
    fail(
      { path },
      `expected the tree as a dict or a list, got ${describeValue(value, ctx.dialect)}`,
    );
  const { meta, rest } = splitCourseMeta(value, path, ctx);
  const keyName = (key: unknown): string => (typeof key === 'string' ? key.toLowerCase() : '');

  // {"sections": {"sec_1": "Модуль 1"}, "lessons": [...]}: a flat list with its titles beside it.
  const lessons = value.get('lessons');
  if (
    itemsOf(lessons) &&
    rest.every(([key]) => key === 'lessons' || TITLE_MAPPING_KEYS.has(keyName(key)))
  ) {
    const mapping = rest.find(([key]) => key !== 'lessons');
    const inner: SectionTitles | undefined = mapping
      ? { path: childPath(path, mapping[0]), value: mapping[1] }
      : titles;
    return {
      name: 'lesson-list',
      sections: readLessonList(itemsOf(lessons)!, childPath(path, 'lessons'), inner, ctx),
      meta,
    };
  }
  const only = rest.length === 1 ? rest[0]! : undefined;
  if (
    only &&
    WRAPPER_KEYS.has(keyName(only[0])) &&
    (only[1] instanceof PyDict || itemsOf(only[1]))
  ) {
    const inner = readLayout(only[1], childPath(path, only[0]), ctx, titles);
    return { ...inner, meta: mergeMeta(inner.meta, meta) };
  }
  if (rest.length === 0) fail({ path }, 'the tree has no sections');
  if (looksLikeNodeDict(rest)) {
    const nodes = readNodes(rest, path, ctx);
    return { name: 'nodes', sections: nodes.sections, meta: mergeMeta(nodes.meta, meta) };
  }
  return { name: 'sections', sections: readSectionsDict(rest, path, ctx), meta };
}

/** Slugs: first every slug an earlier import gave the same lesson_id, then new ones around them. */
function assignSlugs(
  modules: ModuleDraft[],
  existing: ReadonlyMap<number, string>,
): { slugs: Map<object, string>; reused: number } {
  const slugs = new Map<object, string>();
  const taken = new Set<string>();
  let reused = 0;
  const lessons = modules.flatMap((m) => m.lessons);
  for (const lesson of lessons) {
    const slug = lesson.lessonId === null ? undefined : existing.get(lesson.lessonId);
    if (slug === undefined || taken.has(slug)) continue;
    taken.add(slug);
    slugs.set(lesson, slug);
    reused++;
  }
  for (const lesson of lessons)
    if (!slugs.has(lesson)) slugs.set(lesson, uniqueSlug(slugify(lesson.title), taken));
  return { slugs, reused };
}

export function convertMenuTree(tree: PyValue, options: ConvertOptions = {}): ConvertResult {
  const ctx: ReadContext = { dialect: options.dialect ?? 'python' };
  const layout = readLayout(
    tree,
    options.rootName ?? 'menu_tree',
    ctx,
    options.sectionTitles && {
      path: options.sectionTitles.name,
      value: options.sectionTitles.value,
    },
  );
  const { modules, warnings } = assembleModules(layout.sections);
  if (modules.length === 0)
    throw new MenuTreeError(`${options.rootName ?? 'menu_tree'}: no lessons found in the tree`);
  const { slugs, reused } = assignSlugs(modules, options.existingSlugs ?? new Map());
  const description = layout.meta.description;
  return {
    layout: layout.name,
    warnings,
    reusedSlugs: reused,
    course: {
      course: {
        title: options.title ?? layout.meta.title ?? DEFAULT_COURSE_TITLE,
        stepik_course_id: options.courseId ?? layout.meta.courseId ?? null,
        ...(description ? { description } : {}),
      },
      modules: modules.map((mod, m) => ({
        title: mod.title,
        stepik_section_id: mod.sectionId,
        position: m + 1,
        lessons: mod.lessons.map((lesson, l) => ({
          slug: slugs.get(lesson)!,
          title: lesson.title,
          lesson_id: lesson.lessonId,
          position: l + 1,
          videos: lesson.videos,
        })),
      })),
    },
  };
}
