/**
 * Course structure: course → sections → units → lessons (with their ordered steps), batched,
 * into stepik_modules / stepik_lessons. Checked against content/course.yaml: a lesson the
 * content names but Stepik does not have in the course is reported, not silently ignored.
 */
import { inArray, sql } from 'drizzle-orm';
import { listLessons } from '../course/load.ts';
import type { Course } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import type { StructureSource } from './sources.ts';

export interface StructureReport {
  modules: number;
  lessons: number;
  steps: number;
  /** Content lessons whose lesson_id Stepik did not return for this course. */
  unknownLessonIds: { slug: string; lessonId: number }[];
}

export class StructureError extends Error {}

export async function syncStructure(
  database: Database,
  course: Course,
  source: StructureSource,
  now: Date = new Date(),
): Promise<StructureReport> {
  if (course.stepikCourseId === null)
    throw new StructureError('content/course.yaml has no course.stepik_course_id: nothing to sync');
  const stepikCourse = await source.getCourse(course.stepikCourseId);
  if (!stepikCourse)
    throw new StructureError(
      `Stepik has no course ${course.stepikCourseId} (or the sync's account cannot see it)`,
    );
  const sections = await source.getSections(stepikCourse.sections);
  const units = await source.getUnits(sections.flatMap((s) => s.units));
  const lessons = await source.getLessons([...new Set(units.map((u) => u.lesson))]);
  const unitByLesson = new Map(units.map((u) => [u.lesson, u]));
  const bySlug = new Map(
    listLessons(course).flatMap((l) =>
      l.stepikLessonId === null ? [] : [[l.stepikLessonId, l] as const],
    ),
  );

  await database.transaction(async (tx) => {
    const { t } = database;
    if (sections.length) {
      await tx
        .insert(t.stepikModules)
        .values(
          sections.map((s) => ({
            id: s.id,
            courseId: stepikCourse.id,
            title: s.title,
            position: s.position,
            updatedAt: now,
          })),
        )
        .onConflictDoUpdate({
          target: t.stepikModules.id,
          set: {
            courseId: sql`excluded.course_id`,
            title: sql`excluded.title`,
            position: sql`excluded.position`,
            updatedAt: sql`excluded.updated_at`,
          },
        });
    }
    if (lessons.length) {
      // A slug may have moved to another Stepik lesson in course.yaml: free every content slug
      // first, or the unique index refuses the upsert and every later sync fails with it.
      const slugs = [...bySlug.values()].map((l) => l.slug);
      if (slugs.length)
        await tx
          .update(t.stepikLessons)
          .set({ slug: null })
          .where(inArray(t.stepikLessons.slug, slugs));
      await tx
        .insert(t.stepikLessons)
        .values(
          lessons.map((l) => {
            const content = bySlug.get(l.id);
            return {
              id: l.id,
              moduleId: unitByLesson.get(l.id)?.section ?? null,
              slug: content?.slug ?? null,
              title: l.title,
              position: unitByLesson.get(l.id)?.position ?? 0,
              stepIds: l.steps,
              videos: content?.videos ?? [],
              updatedAt: now,
            };
          }),
        )
        .onConflictDoUpdate({
          target: t.stepikLessons.id,
          set: {
            moduleId: sql`excluded.module_id`,
            slug: sql`excluded.slug`,
            title: sql`excluded.title`,
            position: sql`excluded.position`,
            stepIds: sql`excluded.step_ids`,
            videos: sql`excluded.videos`,
            updatedAt: sql`excluded.updated_at`,
          },
        });
    }
  });

  const known = new Set(lessons.map((l) => l.id));
  return {
    modules: sections.length,
    lessons: lessons.length,
    steps: lessons.reduce((n, l) => n + l.steps.length, 0),
    unknownLessonIds: [...bySlug.entries()]
      .filter(([id]) => !known.has(id))
      .map(([lessonId, l]) => ({ slug: l.slug, lessonId })),
  };
}
