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
  /** With `not_yet`: when it opens, in words ("10 декабря в 10:00 (МСК)"). */
  availableText?: string | null;
  /** With `watch`: the lesson whose videos to watch, its page, and the shares (0–1). */
  watch?: { title: string; url: string | null; watched: number; required: number } | null;
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
    // Waiting for the date: the steps meanwhile, while some are left (a rule may want them too).
    case 'not_yet':
      return context.stepsPassed < context.stepsTotal ? context.stepikLessonUrl : null;
    case 'previous':
      return context.previousLessonUrl;
    case 'watch':
      return context.watch?.url ?? null;
    default:
      return null;
  }
}

/** A share as whole percent, rounded down: 0.899 is "89", so a closed lesson never reads "90 of 90". */
export function percentOf(share: number): string {
  return String(Math.floor(Math.min(1, Math.max(0, share)) * 100 + 1e-9));
}

/** Unknown reasons (a newer server) fall back to the `unknown` strings. */
export function describeReason(
  reason: string,
  strings: Readonly<Record<string, ReasonStrings>>,
  context: ReasonContext,
): ReasonText {
  const known = Object.hasOwn(strings, reason) && reason !== 'unknown';
  const s = known ? strings[reason]! : strings.unknown!;
  const progress =
    context.stepsTotal > 0
      ? formatProgress(
          context.progressTemplate,
          context.stepsForms,
          context.stepsPassed,
          context.stepsTotal,
        )
      : '';
  const values: Record<string, string> = {
    progress,
    date: context.availableText ?? '',
    lesson: context.watch?.title ?? '',
    watched: context.watch ? percentOf(context.watch.watched) : '',
    required: context.watch ? String(Math.round(context.watch.required * 100)) : '',
  };
  // A text whose placeholder has no value is dropped (the caller falls back), never shown half-filled.
  const fill = (text: string) => {
    let missing = false;
    const out = text.replace(/\{(progress|date|lesson|watched|required)\}/g, (_, key: string) => {
      if (!values[key]) missing = true;
      return values[key] ?? '';
    });
    return missing ? '' : out;
  };
  const url = known ? actionUrl(reason, context) : null;
  const label = fill(s.action);
  return {
    reason,
    badge: fill(s.badge) || strings.unknown!.badge,
    sentence: fill(s.sentence) || strings.unknown!.sentence,
    hint: fill(s.hint),
    action: label && url ? { label, url } : null,
  };
}
