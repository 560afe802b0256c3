/** What the pages read of the content: the public course tree and each lesson's body. */
import { getCollection, getEntry } from 'astro:content';
import type { PublicCourse, PublicLesson } from '#api/course/public.ts';

export async function getPublicCourse(): Promise<PublicCourse> {
  const entry = await getEntry('course', 'course');
  if (!entry) throw new Error('content/course.yaml was not loaded');
  return entry.data as unknown as PublicCourse;
}

export function allLessons(course: PublicCourse): PublicLesson[] {
  return course.modules.flatMap((m) => m.lessons);
}

export async function getLessonBodies() {
  return new Map((await getCollection('lessons')).map((entry) => [entry.id, entry]));
}
