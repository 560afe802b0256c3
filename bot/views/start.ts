/** /start for a student the bot knows: a greeting, how many videos are open, the modules. */
import type { Course } from '#api/course/schema.ts';
import { ru } from '#api/i18n/ru.ts';
import { escapeHtml } from '../html.ts';
import type { LessonStates } from '../student-lessons.ts';
import { moduleListScreen } from './module-list.ts';
import type { Screen } from './screen.ts';

export function startScreen(course: Course, states: LessonStates, firstName: string): Screen {
  const withVideo = course.modules.flatMap((m) => m.lessons).filter((l) => l.videos.length > 0);
  const open = withVideo.filter((l) => states.get(l.slug)?.access.open).length;
  return moduleListScreen(course, states, [
    escapeHtml(ru.bot.greeting(firstName)),
    ru.bot.progress.videos(open, withVideo.length),
  ]);
}
