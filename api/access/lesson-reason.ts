/** The words for a closed lesson of one student, server side (the gate, the cabinet, the bot). */
import { lessonIndex, listLessons } from '../course/load.ts';
import { stepikCourseUrl, stepikLessonUrl } from '../course/public.ts';
import type { Course } from '../course/schema.ts';
import { ru } from '../i18n/ru.ts';
import { describeReason, type ReasonContext, type ReasonText } from './reason-text.ts';
import { closedReasonOf, formatAvailableAt, type StudentLesson } from './student-access.ts';

/** What one lesson's state says by itself (steps, the release date, the videos to watch); links are left out. */
export function itemReasonContext(
  item: StudentLesson,
  formatDate: (at: Date) => string = (at) => formatAvailableAt(at),
): ReasonContext {
  const { availableAt, watch } = item.access;
  return {
    stepsPassed: item.access.stepsPassed,
    stepsTotal: item.access.stepsTotal,
    progressTemplate: ru.site.state.progressTemplate,
    stepsForms: ru.site.state.stepsForms,
    stepikLessonUrl: null,
    stepikCourseUrl: null,
    previousLessonUrl: null,
    availableText: availableAt ? formatDate(availableAt) : null,
    watch: watch
      ? {
          title: watch.title,
          url: `/lessons/${watch.lesson}`,
          watched: watch.watched,
          required: watch.required,
        }
      : null,
  };
}

/** The sentence, hint and action of a closed lesson; null while it is open. */
export function lessonReasonText(
  course: Course,
  item: StudentLesson,
  formatDate?: (at: Date) => string,
): ReasonText | null {
  const reason = closedReasonOf(item);
  if (!reason) return null;
  const previous = listLessons(course)[lessonIndex(course, item.lesson) - 1];
  return describeReason(reason, ru.reasons, {
    ...itemReasonContext(item, formatDate),
    stepikLessonUrl:
      item.lesson.stepikLessonId === null ? null : stepikLessonUrl(item.lesson.stepikLessonId),
    stepikCourseUrl: course.stepikCourseId === null ? null : stepikCourseUrl(course.stepikCourseId),
    previousLessonUrl: previous ? `/lessons/${previous.slug}` : null,
  });
}

/** Reasons about the account, not one lesson: said once above a list (the cabinet, the course tree). */
export const ACCOUNT_REASONS = ['not_a_student', 'stepik_not_linked', 'not_in_course'] as const;

/** The first account-level reason among the student's closed lessons, in that order; null if none. */
export function accountReasonText(
  course: Course,
  lessons: readonly StudentLesson[],
): ReasonText | null {
  for (const reason of ACCOUNT_REASONS) {
    const item = lessons.find((l) => !l.access.open && l.access.reason === reason);
    if (item) return lessonReasonText(course, item);
  }
  return null;
}
