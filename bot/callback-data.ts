/**
 * The inline buttons' callback data: short, because Telegram caps it at 64 bytes.
 *   c            the module list
 *   m:<i>:<p>    page p of module i (indexes in the course model)
 *   l:<slug>     a lesson card — or n:<number> (its place in the course) for a slug too long
 *   rl:<slug>    "Проверить снова" on that card (rn:<number> likewise)
 *   x            a label that does nothing (the page counter)
 * Slugs survive content edits better than positions, so they are preferred where they fit.
 */
import type { Course, Lesson } from '#api/course/schema.ts';
import { listLessons } from '#api/course/load.ts';

export const MAX_CALLBACK_DATA_BYTES = 64;

export const MODULES_DATA = 'c';
export const NOOP_DATA = 'x';
export const MODULE_DATA_PATTERN = /^m:(\d+):(\d+)$/;
export const LESSON_DATA_PATTERN = /^([ln]):([a-z0-9-]+)$/;
export const REFRESH_DATA_PATTERN = /^r([ln]):([a-z0-9-]+)$/;

function checked(data: string): string {
  // A longer value would make Telegram refuse the whole message: a bug, so it throws.
  if (Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_DATA_BYTES)
    throw new Error(`callback data over ${MAX_CALLBACK_DATA_BYTES} bytes: ${data}`);
  return data;
}

export function moduleData(moduleIndex: number, page: number): string {
  return checked(`m:${moduleIndex}:${page}`);
}

export function lessonData(lesson: Pick<Lesson, 'slug' | 'number'>): string {
  const bySlug = `l:${lesson.slug}`;
  return Buffer.byteLength(bySlug, 'utf8') <= MAX_CALLBACK_DATA_BYTES
    ? bySlug
    : checked(`n:${lesson.number}`);
}

export function refreshData(lesson: Pick<Lesson, 'slug' | 'number'>): string {
  const bySlug = `rl:${lesson.slug}`;
  return Buffer.byteLength(bySlug, 'utf8') <= MAX_CALLBACK_DATA_BYTES
    ? bySlug
    : checked(`rn:${lesson.number}`);
}

/** The lesson a `l:`/`n:` button names, or undefined when the course no longer has it. */
export function findLessonByData(course: Course, kind: string, value: string): Lesson | undefined {
  const lessons = listLessons(course);
  return kind === 'l'
    ? lessons.find((l) => l.slug === value)
    : lessons.find((l) => String(l.number) === value);
}
