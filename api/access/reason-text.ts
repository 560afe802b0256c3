/**
 * A closed lesson's reason as words and a link: the badge, the sentence, the hint and the
 * action. A leaf module (only plural.ts, itself a leaf): the browser builds the same text from
 * the strings in ru.reasons that the page hands it, so the site, the Mini App and the bot agree.
 */
import { formatProgress } from '../i18n/plural.ts';

export interface ReasonStrings {
  badge: string;
  sentence: string;
  hint: string;
  action: string;
}

export interface ReasonContext {
  stepsPassed: number;
  stepsTotal: number;
  progressTemplate: string;
  stepsForms: readonly [string, string, string];
  /** The lesson on Stepik; null when it has none. */
  stepikLessonUrl: string | null;
  /** The course on Stepik (enrolling); null when the course has no Stepik id. */
  stepikCourseUrl: string | null;
  /** The page of the lesson before, for `previous`. */
  previousLessonUrl: string | null;
}

export interface ReasonText {
  reason: string;
  badge: string;
  sentence: string;
  hint: string;
  /** What to do; `url` null means the action is words only (ask the teacher). */
  action: { label: string; url: string | null } | null;
}

/** Where each reason's action leads. */
function actionUrl(reason: string, context: ReasonContext): string | null {
  switch (reason) {
    case 'not_a_student':
      return '/login';
    case 'stepik_not_linked':
      return '/auth/stepik';
    case 'not_in_course':
      return context.stepikCourseUrl;
    case 'steps':
      return context.stepikLessonUrl;
    case 'previous':
      return context.previousLessonUrl;
    default:
      return null;
  }
}

/** Unknown reasons (a newer server) fall back to the `unknown` strings. */
export function describeReason(reason: string, strings: Readonly<Record<string, ReasonStrings>>, context: ReasonContext): ReasonText {
  const known = Object.hasOwn(strings, reason) && reason !== 'unknown';
  const s = known ? strings[reason]! : strings.unknown!;
  const progress = context.stepsTotal > 0 ? formatProgress(context.progressTemplate, context.stepsForms, context.stepsPassed, context.stepsTotal) : '';
  const fill = (text: string) => (text.includes('{progress}') ? (progress ? text.replaceAll('{progress}', progress) : '') : text);
  const url = known ? actionUrl(reason, context) : null;
  const label = s.action;
  return {
    reason,
    badge: fill(s.badge) || strings.unknown!.badge,
    sentence: s.sentence,
    hint: fill(s.hint),
    action: label && url ? { label, url } : null,
  };
}
