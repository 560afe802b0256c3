/** A lesson's card, opened from a lesson button (`l:<slug>`), /progress or a /start deep link. */
import { Composer } from 'grammy';
import type { Lesson } from '#api/course/schema.ts';
import { ru } from '#api/i18n/ru.ts';
import { findLessonByData, LESSON_DATA_PATTERN } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { showScreen } from '../show-screen.ts';
import { loadLessonStates } from '../student-lessons.ts';
import { stepikLinkFor } from '../stepik-link-button.ts';
import { canStillOpen, lessonCardScreen } from '../views/lesson-card.ts';
import type { Screen } from '../views/screen.ts';

export async function lessonCardFor(ctx: BotContext, lesson: Lesson): Promise<Screen> {
  const { course, appOrigin, lessonDescriptions } = ctx.services;
  const states = await loadLessonStates(ctx);
  const state = states?.get(lesson.slug);
  const stepikLinked = ctx.student?.stepikUserId != null;
  // A link is minted only for a card that shows it.
  const linkStepikUrl =
    !stepikLinked && canStillOpen(lesson, state) ? await stepikLinkFor(ctx) : undefined;
  return lessonCardScreen({
    course,
    lesson,
    description: lessonDescriptions.get(lesson.slug),
    state,
    appOrigin,
    stepikLinked,
    linkStepikUrl,
  });
}

export function lessonCardFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.callbackQuery(LESSON_DATA_PATTERN, async (ctx) => {
    const lesson = findLessonByData(ctx.services.course, ctx.match[1]!, ctx.match[2]!);
    if (!lesson) {
      await ctx.answerCallbackQuery({ text: ru.bot.staleButton });
      return;
    }
    await ctx.answerCallbackQuery();
    await showScreen(ctx, await lessonCardFor(ctx, lesson));
  });
  return feature;
}
