/**
 * One client-side state per lesson on the page. The badge, the video slot, the course tree and
 * the cabinet all subscribe here, and everything that learns a lesson's state (/api/progress,
 * the gate's answer, "Проверить снова") writes here — so they change together, without a reload.
 */
import { apiFetch, discardBody } from './api-client.ts';

export interface LessonView {
  lessonId: string | number;
  slug?: string;
  stepsPassed: number;
  stepsTotal: number;
  unlocked: boolean;
  /** Why it is closed (absent while open). */
  reason?: string;
  stepikUrl?: string | null;
  /** The share of the lesson's video watched (0–1); absent for a lesson without video. */
  watched?: number;
  /** With `not_yet`: when it opens (ISO) and the same in words ("10 декабря в 10:00 (МСК)"). */
  availableAt?: string;
  availableText?: string;
  /** With `watch`: the lesson whose videos to watch first, and the shares (0–1). */
  watch?: { lesson: string; title: string; watched: number; required: number };
}

/** What belongs to one reason: dropped when an answer gives a reason without it. */
const REASON_DETAILS = ['availableAt', 'availableText', 'watch'] as const;

export type ProgressStatus = 'loading' | 'ready' | 'signed-out' | 'failed';
type Listener = (store: LessonStore) => void;

/** A visit back to the tab refreshes at most this often (the student may have passed steps meanwhile). */
const REVISIT_REFRESH_IN_MS = 15_000;

export class LessonStore {
  readonly #byKey = new Map<string, LessonView>();
  readonly #listeners = new Set<Listener>();
  /** Slugs (or ids) in course order, as /api/progress lists them. */
  order: string[] = [];
  status: ProgressStatus = 'loading';
  #inFlight: Promise<void> | null = null;
  #loadedAt = 0;

  get(key: string): LessonView | undefined {
    return this.#byKey.get(key);
  }

  all(): LessonView[] {
    return [...new Set(this.#byKey.values())];
  }

  /** Merges what one answer said about one lesson (found by its id or slug). */
  set(entry: Pick<LessonView, 'lessonId'> & Partial<LessonView>): void {
    const keys = [String(entry.lessonId), ...(entry.slug ? [entry.slug] : [])];
    const known = keys.map((k) => this.#byKey.get(k)).find(Boolean);
    const merged: LessonView = {
      stepsPassed: 0,
      stepsTotal: 0,
      unlocked: false,
      ...known,
      ...entry,
      slug: entry.slug ?? known?.slug,
    };
    if (merged.unlocked) delete merged.reason;
    if (merged.unlocked || 'reason' in entry)
      for (const key of REASON_DETAILS) if (merged.unlocked || !(key in entry)) delete merged[key];
    for (const key of [
      ...keys,
      ...(known ? [String(known.lessonId), ...(known.slug ? [known.slug] : [])] : []),
    ])
      this.#byKey.set(key, merged);
    this.#notify();
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    if (this.status !== 'loading') listener(this);
    return () => this.#listeners.delete(listener);
  }

  /** /api/progress, once at a time; a signed-out visitor leaves every state empty. */
  load(): Promise<void> {
    this.#inFlight ??= (async () => {
      try {
        const response = await apiFetch('/api/progress');
        if (!response.ok) {
          this.status = response.status === 401 ? 'signed-out' : 'failed';
          discardBody(response);
        } else {
          const { lessons } = (await response.json()) as { lessons: LessonView[] };
          this.#byKey.clear();
          this.order = lessons.map((l) => l.slug ?? String(l.lessonId));
          for (const lesson of lessons) {
            this.#byKey.set(String(lesson.lessonId), lesson);
            if (lesson.slug) this.#byKey.set(lesson.slug, lesson);
          }
          this.status = 'ready';
        }
      } catch {
        this.status = 'failed';
      } finally {
        this.#loadedAt = Date.now();
        this.#inFlight = null;
      }
      this.#notify();
    })();
    return this.#inFlight;
  }

  /** A fresh /api/progress even while one is on its way (it may have left before what changed). */
  async reload(): Promise<void> {
    if (this.#inFlight) await this.#inFlight;
    return this.load();
  }

  /** Loads on first use, and again when the student comes back to the tab. */
  start(): void {
    if (this.#loadedAt || this.#inFlight) return;
    void this.load();
    document.addEventListener('visibilitychange', () => {
      if (
        document.visibilityState === 'visible' &&
        this.status === 'ready' &&
        Date.now() - this.#loadedAt > REVISIT_REFRESH_IN_MS
      )
        void this.load();
    });
  }

  #notify(): void {
    for (const listener of this.#listeners) listener(this);
  }
}

declare global {
  interface Window {
    __lessonStore?: LessonStore;
  }
}

/** The page's one store (on window, so every script chunk shares it). */
export function lessonStore(): LessonStore {
  window.__lessonStore ??= new LessonStore();
  return window.__lessonStore;
}
