/** /progress: the student's open videos and the next lesson; a stranger gets the welcome. */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { replyWithScreen } from '../show-screen.ts';
import { stepikLinkFor } from '../stepik-link-button.ts';
import { loadLessonStates } from '../student-lessons.ts';
import { progressScreen } from '../views/progress.ts';
import { welcomeScreen } from '../views/welcome.ts';

export function progressFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command('progress', async (ctx) => {
    const { course, appOrigin } = ctx.services;
    const states = await loadLessonStates(ctx);
    await replyWithScreen(
      ctx,
      states
        ? progressScreen(course, states, appOrigin, await stepikLinkFor(ctx))
        : welcomeScreen(ctx.from?.first_name ?? '', appOrigin),
    );
  });
  return feature;
}
