/**
 * The one place a handler's unexpected error ends: logged with the update it broke on, and the
 * student told something went wrong (a pressed button's spinner is stopped) — best effort, since
 * the failure may be Telegram itself.
 */
import type { BotError } from 'grammy';
import { ru } from '#api/i18n/ru.ts';
import { describeError } from '#api/log/safe-error.ts';
import type { BotContext } from './context.ts';

export function createErrorBoundary(
  log: (line: string) => void = console.error,
): (error: BotError<BotContext>) => Promise<void> {
  return async (error) => {
    const { ctx } = error;
    log(`bot: update ${ctx.update.update_id} failed: ${describeError(error.error)}`);
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ru.bot.error });
      else if (ctx.chat?.type === 'private' && ctx.message) await ctx.reply(ru.bot.error);
    } catch {
      // Already answered, or Telegram is unreachable: the log line above is what is left.
    }
  };
}
