/** How a lesson's state reads in the bot: the button label and the lines on its card. */
import type { StudentLesson } from '../../api/access/student-access.ts';
import type { Lesson } from '../../api/course/schema.ts';
import { ru } from '../../api/i18n/ru.ts';

const t = ru.bot.lesson;

/** "3 из 5 шагов", or '' while the Stepik lesson's steps are not synced yet. */
export function stepsText(item: StudentLesson): string {
  return item.access.stepsTotal > 0 ? t.steps(item.access.stepsPassed, item.access.stepsTotal) : '';
}

/** "✅ 3. Переменные", "🔒 4. Циклы · 3 из 5 шагов"; no state at all for a stranger. Plain text. */
export function lessonButtonLabel(lesson: Lesson, item: StudentLesson | undefined): string {
  const label = t.label(lesson.number, lesson.title);
  if (!item) return label;
  if (item.access.open) return `${t.open} ${label}`;
  const steps = stepsText(item);
  return `${t.locked} ${label}${steps ? ` · ${steps}` : ''}`;
}

/** The state paragraph of the card of a lesson with a video (HTML-safe: no outside values). */
export function lessonStateLines(item: StudentLesson): string[] {
  const { access } = item;
  if (access.open) return [t.stateOpen];
  if (access.reason === 'revoked') return [t.stateRevoked];
  const steps = stepsText(item);
  const first = access.reason === 'previous' ? t.statePrevious : t.stateLocked;
  return steps ? [first, t.stateProgress(steps)] : [first];
}
