/** /course and its inline menu: modules → a module's lessons (paged) → back. */
import { Composer } from 'grammy';
import { ru } from '#api/i18n/ru.ts';
import { MODULE_DATA_PATTERN, MODULES_DATA, NOOP_DATA } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { replyWithScreen, showScreen } from '../show-screen.ts';
import { loadLessonStates } from '../student-lessons.ts';
import { lessonListScreen } from '../views/lesson-list.ts';
import { moduleListScreen } from '../views/module-list.ts';

export function courseMenuFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command('course', async (ctx) => {
    await replyWithScreen(ctx, moduleListScreen(ctx.services.course, await loadLessonStates(ctx)));
  });

  feature.callbackQuery(MODULES_DATA, async (ctx) => {
    await ctx.answerCallbackQuery();
    await showScreen(ctx, moduleListScreen(ctx.services.course, await loadLessonStates(ctx)));
  });

  feature.callbackQuery(MODULE_DATA_PATTERN, async (ctx) => {
    const mod = ctx.services.course.modules[Number(ctx.match[1])];
    if (!mod) {
      await ctx.answerCallbackQuery({ text: ru.bot.staleButton });
      return;
    }
    await ctx.answerCallbackQuery();
    await showScreen(ctx, lessonListScreen(mod, Number(ctx.match[2]), await loadLessonStates(ctx)));
  });

  // The page counter between ◀ and ▶ is a label; pressing it only stops the spinner.
  feature.callbackQuery(NOOP_DATA, (ctx) => ctx.answerCallbackQuery());
  return feature;
}
