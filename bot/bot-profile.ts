/**
 * What the bot shows around the chat, set on every start so a deploy keeps it in step with the
 * code: the command list (Russian descriptions) and the menu button that opens the course as a
 * Mini App. Mini Apps need https; on a plain-http origin the menu button shows the commands.
 */
import type { Api, RawApi } from 'grammy';
import type { BotCommand, MenuButton } from 'grammy/types';
import { ru } from '#api/i18n/ru.ts';
import { appLinkKind, appUrl, COURSE_PATH } from './app-links.ts';

export const BOT_COMMANDS: BotCommand[] = (['start', 'course', 'progress', 'help'] as const).map(
  (command) => ({ command, description: ru.bot.commands[command] }),
);

export function menuButtonFor(appOrigin: string): MenuButton {
  if (appLinkKind(appOrigin) !== 'web_app') return { type: 'commands' };
  return {
    type: 'web_app',
    text: ru.bot.menuButton,
    web_app: { url: appUrl(appOrigin, COURSE_PATH) },
  };
}

export async function setUpBotProfile(api: Api<RawApi>, appOrigin: string): Promise<MenuButton> {
  const menuButton = menuButtonFor(appOrigin);
  await api.setMyCommands(BOT_COMMANDS);
  await api.setChatMenuButton({ menu_button: menuButton });
  return menuButton;
}
