/** The course's first screen: its modules, each with how many of its lessons are open. */
import { InlineKeyboard } from 'grammy';
import type { Course } from '#api/course/schema.ts';
import { ru } from '#api/i18n/ru.ts';
import { moduleData } from '../callback-data.ts';
import { escapeHtml } from '../html.ts';
import type { LessonStates } from '../student-lessons.ts';
import type { Screen } from './screen.ts';

const t = ru.bot;

/** `intro`: HTML lines above the course title (the /start greeting). */
export function moduleListScreen(
  course: Course,
  states: LessonStates | null,
  intro: string[] = [],
): Screen {
  const keyboard = new InlineKeyboard();
  for (const mod of course.modules) {
    let label = t.course.moduleTitle(mod.position, mod.title);
    if (states) {
      const open = mod.lessons.filter((lesson) => states.get(lesson.slug)?.access.open).length;
      label += ` · ${t.course.moduleSummary(open, mod.lessons.length)}`;
    }
    keyboard.text(label, moduleData(mod.index, 0)).row();
  }
  const lines = [
    ...intro,
    ...(intro.length ? [''] : []),
    `<b>${escapeHtml(course.title)}</b>`,
    '',
    t.course.chooseModule,
  ];
  if (!states) lines.push('', t.signInHint);
  return { text: lines.join('\n'), keyboard };
}
