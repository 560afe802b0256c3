/** What the browser needs to word a closed lesson (api/access/reason-text.ts), handed over as JSON. */
import { stepikCourseUrl } from '#api/course/public.ts';
import { ACCOUNT_REASONS } from '#api/access/lesson-reason.ts';
import { ru } from '#api/i18n/ru.ts';
import { getPublicCourse } from './course.ts';
import type { ReasonPageStrings } from '../scripts/reason-words.ts';

export async function reasonPageStrings(): Promise<ReasonPageStrings> {
  const course = await getPublicCourse();
  return {
    reasons: ru.reasons,
    progressTemplate: ru.site.state.progressTemplate,
    stepsForms: ru.site.state.stepsForms,
    stepikCourseUrl: course.stepikCourseId === null ? null : stepikCourseUrl(course.stepikCourseId),
    stepikLessonBase: 'https://stepik.org/lesson/',
    accountReasons: [...ACCOUNT_REASONS],
  };
}
