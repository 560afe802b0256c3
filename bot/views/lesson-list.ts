/**
 * One module's lessons, a page at a time: a module of 20 lessons would otherwise be a wall of
 * buttons. ◀ ▶ move between pages by editing the same message.
 */
import { InlineKeyboard } from 'grammy';
import type { Lesson, Module } from '#api/course/schema.ts';
import { ru } from '#api/i18n/ru.ts';
import { lessonData, moduleData, MODULES_DATA, NOOP_DATA } from '../callback-data.ts';
import { escapeHtml } from '../html.ts';
import type { LessonStates } from '../student-lessons.ts';
import { lessonButtonLabel } from './lesson-state.ts';
import type { Screen } from './screen.ts';

const t = ru.bot.course;

export const LESSONS_PER_PAGE = 8;

export function pageCount(mod: Module): number {
  return Math.max(1, Math.ceil(mod.lessons.length / LESSONS_PER_PAGE));
}

/** The page of its module a lesson is listed on (what "back to the module" returns to). */
export function pageOfLesson(mod: Module, lesson: Lesson): number {
  return Math.floor(
    Math.max(
      0,
      mod.lessons.findIndex((l) => l.slug === lesson.slug),
    ) / LESSONS_PER_PAGE,
  );
}

export function lessonListScreen(
  mod: Module,
  requestedPage: number,
  states: LessonStates | null,
): Screen {
  const pages = pageCount(mod);
  // A page from an old message of a module that has since shrunk: show its last page.
  const page = Math.min(Math.max(0, requestedPage), pages - 1);
  const first = page * LESSONS_PER_PAGE;
  const lessons = mod.lessons.slice(first, first + LESSONS_PER_PAGE);
  const keyboard = new InlineKeyboard();
  for (const lesson of lessons)
    keyboard.text(lessonButtonLabel(lesson, states?.get(lesson.slug)), lessonData(lesson)).row();
  if (pages > 1) {
    if (page > 0) keyboard.text(t.previousPage, moduleData(mod.index, page - 1));
    keyboard.text(t.pageLabel(page + 1, pages), NOOP_DATA);
    if (page < pages - 1) keyboard.text(t.nextPage, moduleData(mod.index, page + 1));
    keyboard.row();
  }
  keyboard.text(t.allModules, MODULES_DATA);
  const lines = [`<b>${escapeHtml(t.moduleTitle(mod.position, mod.title))}</b>`];
  if (pages > 1) lines.push(t.pageRange(first + 1, first + lessons.length, mod.lessons.length));
  lines.push('', t.chooseLesson);
  return { text: lines.join('\n'), keyboard };
}
