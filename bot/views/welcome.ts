/**
 * What a Telegram user the bot does not know sees: what the bot is and a way in. The Mini App
 * button opens /cabinet, where the signed initData signs them in (or links an existing
 * account); from then on users.telegram_id matches and the bot knows them. No progress here.
 */
import { InlineKeyboard } from 'grammy';
import { ru } from '#api/i18n/ru.ts';
import { addAppButton, CABINET_PATH } from '../app-links.ts';
import { MODULES_DATA } from '../callback-data.ts';
import { escapeHtml } from '../html.ts';
import type { Screen } from './screen.ts';

const t = ru.bot;

export function welcomeScreen(firstName: string, appOrigin: string): Screen {
  const keyboard = new InlineKeyboard();
  if (addAppButton(keyboard, appOrigin, t.openCabinet, CABINET_PATH)) keyboard.row();
  keyboard.text(t.progress.courseButton, MODULES_DATA);
  return { text: [escapeHtml(t.greeting(firstName)), '', t.welcome].join('\n'), keyboard };
}
