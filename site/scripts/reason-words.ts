/** A closed lesson's words in the browser: the same leaf function the server and the bot use. */
import { describeReason, type ReasonStrings, type ReasonText } from '#api/access/reason-text.ts';
import type { LessonStore, LessonView } from './lesson-store.ts';

export interface ReasonPageStrings {
  reasons: Record<string, ReasonStrings>;
  progressTemplate: string;
  stepsForms: readonly [string, string, string];
  stepikCourseUrl: string | null;
  /** + the Stepik lesson id */
  stepikLessonBase: string;
  /** Reasons about the account rather than one lesson: said once, above the list. */
  accountReasons: string[];
}

export function reasonText(
  view: LessonView,
  strings: ReasonPageStrings,
  store: LessonStore,
): ReasonText {
  const index = view.slug ? store.order.indexOf(view.slug) : -1;
  const previous = index > 0 ? store.order[index - 1] : undefined;
  const numericId = /^\d+$/.test(String(view.lessonId)) ? String(view.lessonId) : null;
  return describeReason(view.reason ?? 'unknown', strings.reasons, {
    stepsPassed: view.stepsPassed,
    stepsTotal: view.stepsTotal,
    progressTemplate: strings.progressTemplate,
    stepsForms: strings.stepsForms,
    stepikLessonUrl:
      view.stepikUrl ?? (numericId ? `${strings.stepikLessonBase}${numericId}` : null),
    stepikCourseUrl: strings.stepikCourseUrl,
    previousLessonUrl: previous ? `/lessons/${previous}` : null,
    availableText: view.availableText ?? null,
    watch: view.watch
      ? {
          title: view.watch.title,
          url: `/lessons/${encodeURIComponent(view.watch.lesson)}`,
          watched: view.watch.watched,
          required: view.watch.required,
        }
      : null,
  });
}

/** The action as a link (or nothing): a Stepik link opens in a new tab (openLink inside Telegram). */
export function actionLink(text: ReasonText, className: string): HTMLAnchorElement | null {
  if (!text.action?.url) return null;
  const a = document.createElement('a');
  a.className = className;
  a.href = text.action.url;
  a.textContent = text.action.label;
  a.dataset.reasonAction = text.reason;
  if (/^https?:\/\//.test(text.action.url)) {
    a.target = '_blank';
    a.rel = 'noopener';
  }
  return a;
}
