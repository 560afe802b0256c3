/**
 * The catch-all, installed last: any message no feature took gets a pointer to /help, and any
 * button no feature knows (an old menu from before a content change) gets its spinner stopped
 * with a hint, so no button press is ever left unanswered.
 */
import { Composer } from 'grammy';
import { ru } from '#api/i18n/ru.ts';
import type { BotContext } from '../context.ts';

export function unknownFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ru.bot.staleButton }));
  feature.on('message', (ctx) => ctx.reply(ru.bot.unknownMessage));
  return feature;
}
