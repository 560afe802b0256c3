/**
 * The course as pages may show it: everything but the Boomstream media codes. Static pages and
 * client bundles are built only from this shape, so a code cannot leak into them by accident.
 */
import type { Course, Lesson } from './schema.ts';

export interface PublicLesson {
  slug: string;
  title: string;
  stepikLessonId: number | null;
  /** The id the API knows the lesson by: the Stepik lesson id, or the slug when there is none. */
  apiId: string;
  position: number;
  number: number;
  moduleIndex: number;
  videoTitles: string[];
}

export interface PublicModule {
  index: number;
  title: string;
  stepikSectionId: number | null;
  position: number;
  lessons: PublicLesson[];
}

export interface PublicCourse {
  title: string;
  description: string;
  stepikCourseId: number | null;
  demo: boolean;
  modules: PublicModule[];
}

export function lessonApiId(lesson: Pick<Lesson, 'slug' | 'stepikLessonId'>): string {
  return lesson.stepikLessonId === null ? lesson.slug : String(lesson.stepikLessonId);
}

export function toPublicCourse(course: Course): PublicCourse {
  return {
    title: course.title,
    description: course.description,
    stepikCourseId: course.stepikCourseId,
    demo: course.demo,
    modules: course.modules.map((m) => ({
      index: m.index,
      title: m.title,
      stepikSectionId: m.stepikSectionId,
      position: m.position,
      lessons: m.lessons.map((l) => ({
        slug: l.slug,
        title: l.title,
        stepikLessonId: l.stepikLessonId,
        apiId: lessonApiId(l),
        position: l.position,
        number: l.number,
        moduleIndex: l.moduleIndex,
        videoTitles: l.videos.map((v) => v.title),
      })),
    })),
  };
}

/** https://stepik.org/lesson/<id> */
export function stepikLessonUrl(
  stepikLessonId: number,
  stepikBaseUrl = 'https://stepik.org',
): string {
  return `${stepikBaseUrl}/lesson/${stepikLessonId}`;
}

/** https://stepik.org/course/<id>: where a student enrols. */
export function stepikCourseUrl(
  stepikCourseId: number,
  stepikBaseUrl = 'https://stepik.org',
): string {
  return `${stepikBaseUrl}/course/${stepikCourseId}`;
}
