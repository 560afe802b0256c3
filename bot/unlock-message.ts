/**
 * "Видео к уроку «…» открыто" with a button that opens the lesson page in the Mini App — the
 * page asks the site's gate for the player, so no Boomstream address ever goes to Telegram.
 */
import { InlineKeyboard } from 'grammy';
import type { Lesson } from '../api/course/schema.ts';
import { ru } from '../api/i18n/ru.ts';
import { addAppButton, lessonPath } from './app-links.ts';
import { escapeHtml } from './html.ts';
import type { Screen } from './views/screen.ts';

export function unlockMessage(lesson: Lesson, appOrigin: string): Screen {
  const keyboard = new InlineKeyboard();
  addAppButton(keyboard, appOrigin, ru.bot.lesson.watchVideo, lessonPath(lesson.slug));
  return { text: ru.bot.unlocked(escapeHtml(lesson.title)), keyboard };
}
