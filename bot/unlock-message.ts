/**
 * "Видео к уроку «…» открыто" with the ways on: the video (the lesson page in the Mini App —
 * the page asks the site's gate for the player, so no Boomstream address ever goes to
 * Telegram) and the next lesson of the course. Where Telegram refuses the site's URL (a
 * loopback origin) the next lesson is its card in the bot instead.
 */
import { InlineKeyboard } from 'grammy';
import { listLessons } from '#api/course/load.ts';
import type { Course, Lesson } from '#api/course/schema.ts';
import { ru } from '#api/i18n/ru.ts';
import { addAppButton, lessonPath } from './app-links.ts';
import { lessonData } from './callback-data.ts';
import { escapeHtml } from './html.ts';
import type { Screen } from './views/screen.ts';

export function nextLessonOf(course: Course, lesson: Lesson): Lesson | undefined {
  const lessons = listLessons(course);
  const index = lessons.findIndex((l) => l.slug === lesson.slug);
  return index < 0 ? undefined : lessons[index + 1];
}

export function unlockMessage(lesson: Lesson, appOrigin: string, course?: Course): Screen {
  const keyboard = new InlineKeyboard();
  if (addAppButton(keyboard, appOrigin, ru.bot.lesson.watchVideo, lessonPath(lesson.slug)))
    keyboard.row();
  const next = course && nextLessonOf(course, lesson);
  if (next) {
    const label = ru.bot.linking.nextLesson(next.title);
    if (!addAppButton(keyboard, appOrigin, label, lessonPath(next.slug)))
      keyboard.text(label, lessonData(next));
  }
  return { text: ru.bot.unlocked(escapeHtml(lesson.title)), keyboard };
}
