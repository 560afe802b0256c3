/**
 * The lesson page's side of watch tracking: listens to the players' postMessage events (only
 * from the player origin the gate named, and only from this slot's own frames), keeps what each
 * part watched (watch-tracker.ts), and reports to POST /api/watch/:lessonId — on a part's first
 * play (the server's clock starts), on pause and stop, every 15 s while anything is new, and
 * when the page goes away: `sendBeacon` for a cookie session (it cannot set Authorization),
 * `fetch(…, {keepalive: true})` with `Authorization: tma …` inside the Mini App.
 */
import { discardBody } from './api-client.ts';
import { miniApp } from './telegram-app.ts';
import { PartTracker, readPlayerMessage, takeReport } from './watch-tracker.ts';

export const REPORT_EVERY_IN_MS = 15_000;

export interface WatchAnswer {
  lessonId: number | string;
  slug: string;
  watched: number;
  parts: { part: number; watched: number }[];
  /** Slugs of the lessons this report opened (a `watched:` rule reached). */
  opened?: string[];
}

/** `self` (the offline stand-in on this site) means the page's own origin. */
export function acceptedOrigin(playerOrigin: string | undefined): string {
  if (playerOrigin === 'self') return location.origin;
  return playerOrigin ?? 'https://play.boomstream.com';
}

export class WatchReporter {
  readonly #url: string;
  readonly #origin: string;
  readonly #frames: Map<Window, number>;
  readonly #trackers = new Map<number, PartTracker>();
  readonly #onAnswer: (answer: WatchAnswer) => void;
  #initData = '';
  #timer: ReturnType<typeof setInterval> | undefined;
  #soon: ReturnType<typeof setTimeout> | undefined;
  readonly #listeners: [EventTarget, string, EventListener][] = [];

  /** `frames`: each iframe with the index of its part in the lesson (the gate's order). */
  constructor(
    lessonId: string,
    playerOrigin: string | undefined,
    frames: readonly { frame: HTMLIFrameElement; part: number }[],
    onAnswer: (answer: WatchAnswer) => void,
  ) {
    this.#url = `/api/watch/${encodeURIComponent(lessonId)}`;
    this.#origin = acceptedOrigin(playerOrigin);
    this.#onAnswer = onAnswer;
    this.#frames = new Map();
    for (const { frame, part } of frames) {
      this.#trackers.set(part, new PartTracker());
      // contentWindow exists once the frame is in the document; it stays the same across its navigations.
      if (frame.contentWindow) this.#frames.set(frame.contentWindow, part);
    }
    void miniApp().then((app) => (this.#initData = app?.initData ?? ''));
    this.#on(window, 'message', (event) => this.#onMessage(event as MessageEvent));
    this.#on(window, 'pagehide', () => this.flush(true));
    this.#on(document, 'visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.flush(true);
    });
    this.#timer = setInterval(() => this.flush(false), REPORT_EVERY_IN_MS);
  }

  /** Stops listening (the slot showed something else). What is new is sent first. */
  stop(): void {
    this.flush(true);
    clearInterval(this.#timer);
    clearTimeout(this.#soon);
    for (const [target, type, listener] of this.#listeners)
      target.removeEventListener(type, listener);
    this.#listeners.length = 0;
  }

  #on(target: EventTarget, type: string, listener: EventListener): void {
    target.addEventListener(type, listener);
    this.#listeners.push([target, type, listener]);
  }

  #onMessage(event: MessageEvent): void {
    if (event.origin !== this.#origin || !event.source) return;
    const part = this.#frames.get(event.source as Window);
    if (part === undefined) return;
    const message = readPlayerMessage(event.data);
    if (!message) return;
    const tracker = this.#trackers.get(part)!;
    const firstPlay = message.method === 'play' && !tracker.started;
    tracker.onMessage(message, performance.now() / 1000);
    // Soon rather than at once: a play's first `time` (with the duration) may be on its way.
    if (firstPlay || message.method === 'pause' || message.method === 'stop') this.#flushSoon();
  }

  #flushSoon(): void {
    clearTimeout(this.#soon);
    this.#soon = setTimeout(() => this.flush(false), 300);
  }

  /** Sends what is new; `leaving` when the page may be gone before an answer could arrive. */
  flush(leaving: boolean): void {
    const parts = takeReport(this.#trackers);
    if (!parts.length) return;
    const body = JSON.stringify({ parts });
    const again = (): void => {
      for (const { part } of parts) this.#trackers.get(part)!.dirty = true;
    };
    if (leaving && !this.#initData && navigator.sendBeacon?.(this.#url, body)) return;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    if (this.#initData) headers.Authorization = `tma ${this.#initData}`;
    fetch(this.#url, {
      method: 'POST',
      body,
      headers,
      credentials: 'same-origin',
      keepalive: leaving,
    })
      .then(async (response) => {
        // 5xx or offline: try again with the next report. A 4xx will not get better: drop it.
        if (!response.ok) discardBody(response);
        if (response.status >= 500) return again();
        if (!response.ok) return;
        this.#onAnswer((await response.json()) as WatchAnswer);
      })
      .catch(again);
  }
}
