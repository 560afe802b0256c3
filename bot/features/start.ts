/**
 * /start: a deep link `lesson_<slug>` opens that lesson's card, `link_<token>` links this
 * Telegram account to the student who made the link (then shows their menu); otherwise a student the bot
 * knows gets the course menu with their progress, and a stranger the welcome with the Mini App.
 */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { linkTokenFromStartPayload, lessonFromStartPayload } from '../deep-link.ts';
import { linkTelegramByToken } from '#api/auth/telegram-link.ts';
import { ru } from '#api/i18n/ru.ts';
import { escapeHtml } from '../html.ts';
import { replyWithScreen } from '../show-screen.ts';
import { loadLessonStates } from '../student-lessons.ts';
import { startScreen } from '../views/start.ts';
import { welcomeScreen } from '../views/welcome.ts';
import { lessonCardFor } from './lesson-card.ts';

export function startFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command('start', async (ctx) => {
    const { course, appOrigin } = ctx.services;
    const firstName = ctx.from?.first_name ?? '';
    const lesson = lessonFromStartPayload(course, ctx.match);
    if (lesson) {
      await replyWithScreen(ctx, await lessonCardFor(ctx, lesson));
      return;
    }
    const linkToken = linkTokenFromStartPayload(ctx.match);
    if (linkToken && ctx.from) {
      const { id, first_name, last_name, username, language_code } = ctx.from;
      const linked = await linkTelegramByToken(ctx.services.database, linkToken, {
        id,
        first_name,
        last_name,
        username,
        language_code,
      });
      if (!linked.ok) {
        await ctx.reply(
          'message' in linked ? linked.message : ru.bot.linking.token[linked.problem],
        );
        return;
      }
      ctx.student = linked.user;
      const name =
        [linked.user.firstName, linked.user.lastName].filter(Boolean).join(' ') ||
        linked.user.email ||
        '';
      await ctx.reply(escapeHtml(ru.bot.linking.telegramLinked(name)), { parse_mode: 'HTML' });
    }
    const states = await loadLessonStates(ctx);
    if (!ctx.student || !states) {
      await replyWithScreen(ctx, welcomeScreen(firstName, appOrigin));
      return;
    }
    await replyWithScreen(ctx, startScreen(course, states, ctx.student.firstName || firstName));
  });
  return feature;
}
