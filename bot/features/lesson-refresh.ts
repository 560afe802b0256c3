/**
 * "Проверить снова" on a closed lesson's card: the site's refresh (api/sync/refresh-student.ts:
 * one Stepik request, once per 30 seconds per student, the same throttle row as the site's
 * button), then the card is edited in place with the new state. Throttled, it says how long
 * to wait instead.
 */
import { Composer } from 'grammy';
import { ru } from '#api/i18n/ru.ts';
import { HTTP } from '#api/http.ts';
import { refreshStudent } from '#api/sync/refresh-student.ts';
import { findLessonByData, REFRESH_DATA_PATTERN } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { showScreen } from '../show-screen.ts';
import { lessonCardFor } from './lesson-card.ts';

export function lessonRefreshFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.callbackQuery(REFRESH_DATA_PATTERN, async (ctx) => {
    const { course, database, stepik } = ctx.services;
    const lesson = findLessonByData(course, ctx.match[1]!, ctx.match[2]!);
    if (!lesson || !ctx.student) {
      await ctx.answerCallbackQuery({ text: lesson ? ru.bot.signInHint : ru.bot.staleButton });
      return;
    }
    const answer = await refreshStudent(database, course, stepik, ctx.student, lesson.slug);
    if (answer.status === HTTP.tooManyRequests) {
      await ctx.answerCallbackQuery({
        text: ru.bot.linking.tooOften(Number(answer.headers?.['Retry-After'] ?? 30)),
      });
      return;
    }
    if (answer.status !== HTTP.ok) {
      await ctx.answerCallbackQuery({ text: String(answer.body.message ?? ru.bot.error) });
      return;
    }
    await ctx.answerCallbackQuery({ text: ru.bot.linking.refreshed });
    await showScreen(ctx, await lessonCardFor(ctx, lesson));
  });
  return feature;
}
