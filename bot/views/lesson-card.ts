/**
 * A lesson's card: title, module, description, the student's state and the ways on — the
 * lesson in the Mini App, its exercises on Stepik, the video once it is open. The video button
 * opens the same lesson page: the player URL only ever comes from the site's gate, so no
 * Boomstream address or media code is ever put in a Telegram message.
 */
import { InlineKeyboard } from 'grammy';
import type { StudentLesson } from '#api/access/student-access.ts';
import type { Course, Lesson } from '#api/course/schema.ts';
import { stepikLessonUrl } from '#api/course/public.ts';
import { ru } from '#api/i18n/ru.ts';
import { addAppButton, lessonPath } from '../app-links.ts';
import { moduleData, refreshData } from '../callback-data.ts';
import { escapeHtml } from '../html.ts';
import { pageOfLesson } from './lesson-list.ts';
import { lessonStateLines, stepsText } from './lesson-state.ts';
import type { Screen } from './screen.ts';

const t = ru.bot;

export interface LessonCardInput {
  course: Course;
  lesson: Lesson;
  description: string | undefined;
  /** Undefined for a stranger: no state, a hint to sign in instead. */
  state: StudentLesson | undefined;
  appOrigin: string;
  /** False when the student has not linked Stepik: no refresh, the link button instead. */
  stepikLinked?: boolean;
  /** The one-time link the "Привязать Stepik" button opens (none where Telegram refuses the URL). */
  linkStepikUrl?: string;
}

/** A closed lesson whose video the student can still open by passing steps on Stepik (not before its release date). */
export function canStillOpen(lesson: Lesson, state: StudentLesson | undefined): boolean {
  return Boolean(
    state &&
    !state.access.open &&
    state.access.reason !== 'revoked' &&
    state.access.reason !== 'not_yet' &&
    lesson.videos.length > 0 &&
    lesson.stepikLessonId !== null,
  );
}

export function lessonCardScreen({
  course,
  lesson,
  description,
  state,
  appOrigin,
  stepikLinked = true,
  linkStepikUrl,
}: LessonCardInput): Screen {
  const mod = course.modules[lesson.moduleIndex]!;
  const lines = [
    `<b>${escapeHtml(t.lesson.heading(lesson.number, lesson.title))}</b>`,
    escapeHtml(t.course.moduleTitle(mod.position, mod.title)),
  ];
  if (description) lines.push('', escapeHtml(description));
  lines.push('');
  if (!state) lines.push(t.signInHint);
  else if (lesson.videos.length === 0) {
    // Nothing to unlock: the steps still say how far the student got on Stepik.
    const steps = stepsText(state);
    lines.push(t.lesson.noVideo, ...(steps ? [t.lesson.stateProgress(steps)] : []));
  } else lines.push(...lessonStateLines(state, course));

  const keyboard = new InlineKeyboard();
  if (addAppButton(keyboard, appOrigin, t.lesson.openLesson, lessonPath(lesson.slug)))
    keyboard.row();
  if (lesson.stepikLessonId !== null)
    keyboard.url(t.lesson.openStepik, stepikLessonUrl(lesson.stepikLessonId)).row();
  if (canStillOpen(lesson, state)) {
    if (stepikLinked) keyboard.text(t.linking.checkAgain, refreshData(lesson)).row();
    else if (linkStepikUrl) keyboard.url(t.linking.linkStepik, linkStepikUrl).row();
  }
  if (
    state?.access.open &&
    lesson.videos.length > 0 &&
    addAppButton(keyboard, appOrigin, t.lesson.watchVideo, lessonPath(lesson.slug))
  )
    keyboard.row();
  keyboard.text(t.lesson.backToModule, moduleData(mod.index, pageOfLesson(mod, lesson)));
  return { text: lines.join('\n'), keyboard };
}
