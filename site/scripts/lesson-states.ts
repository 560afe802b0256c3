/**
 * Every [data-lesson-state] badge on the page (lesson page, course tree, cabinet, Mini App) and
 * the [data-reason-notice] above a list, kept in step with the page's lesson store.
 */
import { lessonStore, type LessonStore } from './lesson-store.ts';
import { actionLink, reasonText, type ReasonPageStrings } from './reason-words.ts';
import { watchedPercent } from '#api/watch/percent.ts';

interface StateStrings extends ReasonPageStrings {
  locked: string;
  unlocked: string;
  /** "посмотрено {percent} %" */
  watched: string;
}

function renderBadges(store: LessonStore, strings: StateStrings): void {
  for (const slot of document.querySelectorAll<HTMLElement>('[data-lesson-state]')) {
    const lesson = store.get(slot.dataset.lessonId ?? '');
    if (!lesson) continue;
    slot.dataset.state = lesson.unlocked ? 'unlocked' : 'locked';
    if (lesson.unlocked) {
      slot.dataset.reason = '';
      // Words only: the icon is drawn by CSS from data-state (global.css), never an emoji.
      slot.textContent = strings.unlocked;
      slot.removeAttribute('title');
      continue;
    }
    const text = reasonText(lesson, strings, store);
    slot.dataset.reason = lesson.reason ?? '';
    slot.textContent = text.badge;
    slot.title = text.sentence;
  }
}

/** "посмотрено 64 %" beside each lesson the student can watch (or has watched some of). */
function renderWatched(store: LessonStore, strings: StateStrings): void {
  for (const slot of document.querySelectorAll<HTMLElement>('[data-lesson-watched]')) {
    const lesson = store.get(slot.dataset.lessonId ?? '');
    if (!lesson) continue;
    const share = lesson.watched;
    const show = share !== undefined && (lesson.unlocked || share > 0);
    slot.hidden = !show;
    if (!show) continue;
    const percent = watchedPercent(share);
    slot.dataset.watchedPercent = String(percent);
    slot.textContent = strings.watched.replace('{percent}', String(percent));
  }
}

/** An account-level reason (not on the course, Stepik not linked or not in it) is said once, with its action. */
function renderNotices(store: LessonStore, strings: StateStrings): void {
  const notices = document.querySelectorAll<HTMLElement>('[data-reason-notice]');
  if (!notices.length) return;
  const lesson = strings.accountReasons
    .map((r) => store.all().find((l) => !l.unlocked && l.reason === r))
    .find(Boolean);
  for (const notice of notices) {
    if (!lesson) {
      notice.hidden = true;
      notice.dataset.reason = '';
      continue;
    }
    const text = reasonText(lesson, strings, store);
    const sentence = document.createElement('strong');
    sentence.textContent = text.sentence;
    const hint = document.createElement('span');
    hint.textContent = text.hint ? ` ${text.hint}` : '';
    const action = actionLink(text, 'button');
    notice.replaceChildren(
      sentence,
      hint,
      ...(action ? [document.createElement('br'), action] : []),
    );
    notice.dataset.reason = text.reason;
    notice.hidden = false;
  }
}

/** Shows each lesson's state next to it; stays silent for a visitor who is not signed in. */
export function fillLessonStates(): void {
  const holder = document.querySelector<HTMLElement>('[data-lesson-state-strings]');
  if (!holder) return;
  const strings = JSON.parse(holder.dataset.lessonStateStrings ?? '{}') as StateStrings;
  const store = lessonStore();
  store.subscribe(() => {
    renderBadges(store, strings);
    renderWatched(store, strings);
    renderNotices(store, strings);
  });
  store.start();
}
