/**
 * The course for the server, the bot and the CLI: read from CONTENT_DIR on first use. Media
 * codes live only here and in the database — never in the static build.
 */
import path from 'node:path';
import { getConfig } from '../config.ts';
import { listLessons, loadCourseContent, type CourseContent } from './load.ts';
import { lessonApiId } from './public.ts';
import type { Course, Lesson } from './schema.ts';

// On globalThis: the Astro page bundle carries its own copy of this module (see db/instance.ts).
const holder = ((globalThis as Record<symbol, unknown>)[Symbol.for('course-site.course')] ??=
  {}) as { cached?: CourseContent };

export function getCourseContent(): CourseContent {
  holder.cached ??= loadCourseContent(path.resolve(getConfig().contentDir));
  return holder.cached;
}

export function getCourse(): Course {
  return getCourseContent().course;
}

const lessonIndexes = new WeakMap<Course, Map<string, Lesson>>();

/** A lesson by the id the API uses: its Stepik lesson id, or its slug. */
export function findLesson(course: Course, apiId: string): Lesson | undefined {
  let index = lessonIndexes.get(course);
  if (!index) {
    // From the last lesson to the first: where two lessons answer to one id, the earlier wins, as in a walk.
    index = new Map<string, Lesson>();
    for (const lesson of [...listLessons(course)].reverse()) {
      index.set(lesson.slug, lesson);
      index.set(lessonApiId(lesson), lesson);
    }
    lessonIndexes.set(course, index);
  }
  return index.get(apiId);
}
