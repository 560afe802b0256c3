/**
 * From raw sections to ordered modules: sorts sections and lessons (explicit position/order
 * first, then appearance), merges the entries of one Stepik lesson into one lesson with several
 * video parts, and refuses what course.yaml could not hold (one lesson id or media code twice).
 */
import { describeWhere, fail, type LessonEntry, type Where } from './entries.ts';
import { splitPartSuffix, type PartTitle } from './parts.ts';
import type { RawSection } from './raw-section.ts';

export interface LessonDraft {
  title: string;
  lessonId: number | null;
  videos: { code: string; title: string }[];
  /** The first entry of the lesson, for messages. */
  where: Where;
}

export interface ModuleDraft {
  title: string;
  sectionId: number | null;
  lessons: LessonDraft[];
  where: Where;
}

/** Title of the only video of a lesson that was not split into parts. */
export const SINGLE_VIDEO_TITLE = 'Видео';

interface Sortable {
  order?: number;
  appearance: number;
}

/**
 * Sorts by explicit position; an item without one keeps its place in the order of appearance,
 * as if its position were its 1-based index there (so `{position: 3}` after two unnumbered
 * sections stays third). On a tie the explicit position wins, then appearance.
 */
export function sortByPosition<T extends Sortable>(items: T[]): T[] {
  return [...items]
    .sort((a, b) => a.appearance - b.appearance)
    .map((item, i) => ({
      item,
      key: item.order ?? i + 1,
      implicit: item.order === undefined ? 1 : 0,
      i,
    }))
    .sort((a, b) => a.key - b.key || a.implicit - b.implicit || a.i - b.i)
    .map(({ item }) => item);
}

interface Part {
  entry: LessonEntry;
  split: PartTitle;
}

/** Entries of one lesson: the same lesson_id, or (without an id) the same title before "часть N". */
function groupEntries(entries: LessonEntry[]): Part[][] {
  const groups = new Map<string, Part[]>();
  entries.forEach((entry, i) => {
    const split = splitPartSuffix(entry.title);
    const key =
      entry.lessonId !== null
        ? `id:${entry.lessonId}`
        : split.part !== undefined && split.base !== entry.title
          ? `title:${split.base.toLowerCase()}`
          : `entry:${i}`;
    const group = groups.get(key) ?? [];
    group.push({ entry, split });
    groups.set(key, group);
  });
  return [...groups.values()];
}

function sortParts(group: Part[]): Part[] {
  const sorted = [...group].sort(
    (a, b) =>
      (a.split.part ?? Infinity) - (b.split.part ?? Infinity) ||
      (a.entry.order ?? Infinity) - (b.entry.order ?? Infinity) ||
      a.entry.appearance - b.entry.appearance,
  );
  sorted.forEach((p, i) => {
    const previous = sorted[i - 1];
    if (p.split.part !== undefined && previous?.split.part === p.split.part) {
      fail(
        p.entry.where,
        `is part ${p.split.part} of the same lesson as ${describeWhere(previous.entry.where)}`,
      );
    }
  });
  return sorted;
}

function buildLesson(group: Part[], codes: Map<string, Where>): LessonDraft {
  const parts = sortParts(group);
  const first = parts[0]!;
  const videos = parts.flatMap(({ entry, split }) =>
    entry.codes.map((code) => ({
      code,
      part: entry.codes.length === 1 ? split.part : undefined,
      entry,
    })),
  );
  // Part numbers from the titles name the videos when every video has one; otherwise count.
  const numbered = videos.every((v) => v.part !== undefined);
  return {
    title: first.split.base,
    lessonId: first.entry.lessonId,
    where: first.entry.where,
    videos: videos.map(({ code, part, entry }, i) => {
      const owner = codes.get(code);
      if (owner) fail(entry.where, `boom_media "${code}" is also used by ${describeWhere(owner)}`);
      codes.set(code, entry.where);
      const title = numbered
        ? `часть ${part}`
        : videos.length === 1
          ? SINGLE_VIDEO_TITLE
          : `часть ${i + 1}`;
      return { code, title };
    }),
  };
}

export function assembleModules(sections: RawSection[]): {
  modules: ModuleDraft[];
  warnings: string[];
} {
  const warnings: string[] = [];
  const lessonOwners = new Map<number, { section: RawSection; where: Where }>();
  const codes = new Map<string, Where>();
  const kept = sortByPosition(sections).filter((section) => {
    if (section.entries.length) return true;
    warnings.push(`${describeWhere(section.where)}: skipped, the section has no lessons`);
    return false;
  });
  const modules = kept.map((section, m): ModuleDraft => {
    for (const entry of section.entries) {
      if (entry.lessonId === null) continue;
      const owner = lessonOwners.get(entry.lessonId);
      if (owner && owner.section !== section)
        fail(
          entry.where,
          `lesson_id ${entry.lessonId} is also used in another section by ${describeWhere(owner.where)}`,
        );
      lessonOwners.set(entry.lessonId, { section, where: entry.where });
    }
    const groups = sortByPosition(
      groupEntries(section.entries).map((group) => ({
        group,
        order: group.reduce<number | undefined>(
          (min, p) =>
            p.entry.order === undefined ? min : Math.min(min ?? Infinity, p.entry.order),
          undefined,
        ),
        appearance: Math.min(...group.map((p) => p.entry.appearance)),
      })),
    );
    return {
      title: section.title ?? `Модуль ${m + 1}`,
      sectionId: section.sectionId,
      where: section.where,
      lessons: groups.map(({ group }) => buildLesson(group, codes)),
    };
  });
  return { modules, warnings };
}
