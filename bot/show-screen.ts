/**
 * Sends a screen as a new message, or — for a button press — replaces the pressed message, so
 * navigating the menu never floods the chat.
 */
import { GrammyError } from 'grammy';
import type { BotContext } from './context.ts';
import { screenOptions, type Screen } from './views/screen.ts';

export async function replyWithScreen(ctx: BotContext, screen: Screen): Promise<void> {
  await ctx.reply(screen.text, screenOptions(screen));
}

/** Telegram refuses an edit that changes nothing (a double tap); that is not a failure. */
function isNotModified(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code === 400 &&
    error.description.includes('message is not modified')
  );
}

export async function showScreen(ctx: BotContext, screen: Screen): Promise<void> {
  if (!ctx.callbackQuery?.message) {
    await replyWithScreen(ctx, screen);
    return;
  }
  try {
    await ctx.editMessageText(screen.text, screenOptions(screen));
  } catch (error) {
    if (!isNotModified(error)) throw error;
  }
}
