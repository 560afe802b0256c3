/** How a lesson's state reads in the bot: the button label and the lines on its card. */
import { itemReasonContext, lessonReasonText } from '#api/access/lesson-reason.ts';
import { describeReason } from '#api/access/reason-text.ts';
import { closedReasonOf, type StudentLesson } from '#api/access/student-access.ts';
import type { Course, Lesson } from '#api/course/schema.ts';
import { ru } from '#api/i18n/ru.ts';
import { escapeHtml } from '../html.ts';

const t = ru.bot.lesson;

/** "3 из 5 шагов", or '' while the Stepik lesson's steps are not synced yet. */
export function stepsText(item: StudentLesson): string {
  return item.access.stepsTotal > 0 ? t.steps(item.access.stepsPassed, item.access.stepsTotal) : '';
}

/** The short words for a closed lesson: "3 из 5 шагов", "привяжите Stepik", "откроется 10 декабря в 10:00 (МСК)", … (ru.reasons). */
function closedBadge(item: StudentLesson): string {
  return describeReason(closedReasonOf(item) ?? 'unknown', ru.reasons, itemReasonContext(item))
    .badge;
}

/** "✅ 3. Переменные", "🔒 4. Циклы · 3 из 5 шагов", "🔒 4. Циклы · привяжите Stepik"; no state at all for a stranger. Plain text. */
export function lessonButtonLabel(lesson: Lesson, item: StudentLesson | undefined): string {
  const label = t.label(lesson.number, lesson.title);
  if (!item) return label;
  if (item.access.open) return `${t.open} ${label}`;
  return `${t.locked} ${label} · ${closedBadge(item)}`;
}

/**
 * The state paragraph of the card of a lesson with a video: the reason's sentence, what to do
 * and, when it leads off the site (Stepik), the link. HTML: every string is escaped here.
 */
export function lessonStateLines(item: StudentLesson, course: Course): string[] {
  if (item.access.open) return [t.stateOpen];
  const text = lessonReasonText(course, item);
  if (!text) return [t.stateOpen];
  const lines = [`${t.locked} ${escapeHtml(text.sentence)}`];
  if (text.hint) lines.push(escapeHtml(text.hint));
  // Site pages (/login, /auth/stepik) are the card's own buttons; only Stepik goes in the text.
  if (text.action?.url && /^https?:\/\//.test(text.action.url) && text.reason !== 'steps') {
    lines.push(
      `<a href="${escapeHtml(text.action.url).replace(/"/g, '&quot;')}">${escapeHtml(text.action.label)}</a>`,
    );
  }
  return lines;
}
