/** /progress: how many videos are open, per module, and the next lesson to work on. */
import { InlineKeyboard } from 'grammy';
import type { Course } from '#api/course/schema.ts';
import { ru } from '#api/i18n/ru.ts';
import { addAppButton, CABINET_PATH } from '../app-links.ts';
import { lessonData, MODULES_DATA } from '../callback-data.ts';
import { escapeHtml } from '../html.ts';
import type { LessonStates } from '../student-lessons.ts';
import { stepsText } from './lesson-state.ts';
import type { Screen } from './screen.ts';

const t = ru.bot;

/** `linkStepikUrl`: Stepik is not linked — the one-time link goes first, it is what unlocks anything. */
export function progressScreen(
  course: Course,
  states: LessonStates,
  appOrigin: string,
  linkStepikUrl?: string,
): Screen {
  // Only lessons with a video count: "open" is about the video.
  const withVideo = course.modules.flatMap((m) => m.lessons).filter((l) => l.videos.length > 0);
  const isOpen = (slug: string): boolean => states.get(slug)?.access.open === true;
  const lines = [
    `<b>${t.progress.title}</b>`,
    '',
    t.progress.videos(withVideo.filter((l) => isOpen(l.slug)).length, withVideo.length),
    '',
  ];
  for (const mod of course.modules) {
    const lessons = mod.lessons.filter((l) => l.videos.length > 0);
    if (lessons.length)
      lines.push(
        escapeHtml(
          t.progress.module(
            mod.position,
            mod.title,
            lessons.filter((l) => isOpen(l.slug)).length,
            lessons.length,
          ),
        ),
      );
  }
  const next = withVideo.find((l) => !isOpen(l.slug));
  const keyboard = new InlineKeyboard();
  if (linkStepikUrl) keyboard.url(t.linking.linkStepik, linkStepikUrl).row();
  lines.push('');
  if (next) {
    const state = states.get(next.slug);
    lines.push(escapeHtml(t.progress.next(next.title, state ? stepsText(state) : '')));
    keyboard.text(t.progress.nextButton, lessonData(next)).row();
  } else {
    lines.push(t.progress.allOpen);
  }
  keyboard.text(t.progress.courseButton, MODULES_DATA).row();
  addAppButton(keyboard, appOrigin, t.openCabinetKnown, CABINET_PATH);
  return { text: lines.join('\n'), keyboard };
}
