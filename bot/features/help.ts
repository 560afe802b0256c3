/** /help: what the commands do and how videos open. */
import { Composer } from 'grammy';
import { ru } from '#api/i18n/ru.ts';
import type { BotContext } from '../context.ts';

export function helpFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command('help', (ctx) => ctx.reply(ru.bot.help, { parse_mode: 'HTML' }));
  return feature;
}
