/**
 * Slugs of an earlier import: editors write the lesson Markdown under `lessons/<slug>.md`, so a
 * re-import keeps the slug of every Stepik lesson it already knew, even if the title changed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SLUG_PATTERN } from '../schema.ts';
import { MenuTreeError } from './errors.ts';

/** lesson_id → slug from `course.yaml`; empty when the file does not exist. */
export function readExistingSlugs(courseFile: string): Map<number, string> {
  const slugs = new Map<number, string>();
  if (!existsSync(courseFile)) return slugs;
  let data: unknown;
  try {
    data = parse(readFileSync(courseFile, 'utf8'));
  } catch (error) {
    // Replacing it anyway would silently detach every edited lesson from its Markdown.
    throw new MenuTreeError(
      `is not valid YAML, so its lesson slugs cannot be kept (${(error as Error).message.split('\n')[0]}); fix or remove it`,
      { file: courseFile },
    );
  }
  const modules = (data as { modules?: unknown } | null)?.modules;
  for (const mod of Array.isArray(modules) ? modules : []) {
    const lessons = (mod as { lessons?: unknown } | null)?.lessons;
    for (const lesson of Array.isArray(lessons) ? lessons : []) {
      const { slug, lesson_id: id } = (lesson ?? {}) as { slug?: unknown; lesson_id?: unknown };
      if (
        typeof slug === 'string' &&
        SLUG_PATTERN.test(slug) &&
        typeof id === 'number' &&
        !slugs.has(id)
      )
        slugs.set(id, slug);
    }
  }
  return slugs;
}
