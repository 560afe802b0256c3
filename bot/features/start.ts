/**
 * /start: a deep link `lesson_<slug>` opens that lesson's card; otherwise a student the bot
 * knows gets the course menu with their progress, and a stranger the welcome with the Mini App.
 */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { lessonFromStartPayload } from '../deep-link.ts';
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
    const states = await loadLessonStates(ctx);
    if (!ctx.student || !states) {
      await replyWithScreen(ctx, welcomeScreen(firstName, appOrigin));
      return;
    }
    await replyWithScreen(ctx, startScreen(course, states, ctx.student.firstName || firstName));
  });
  return feature;
}
