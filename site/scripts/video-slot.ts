/** Browser side of the video slot: asks the gate, shows the players or what is still missing. */
import { apiFetch } from './api-client.ts';
import { lessonStore, type LessonStore, type LessonView } from './lesson-store.ts';
import { actionLink, reasonText, type ReasonPageStrings } from './reason-words.ts';
import { onReturn, startStepikLink } from './stepik-link.ts';
import { WatchReporter } from './watch-reporter.ts';
import { watchedPercent } from '#api/watch/percent.ts';

interface SlotStrings extends ReasonPageStrings {
  loading: string;
  signIn: string;
  signInAction: string;
  openStepik: string;
  checkAgain: string;
  checkAgainIn: string;
  checking: string;
  tooOften: string;
  noVideo: string;
  failed: string;
  unavailable: string;
  retry: string;
  partTitle: string;
  linkStepik: string;
  linkOpening: string;
  linkOpened: string;
  linkFailed: string;
  notLinked: string;
  /** "посмотрено {percent} % видео урока" */
  watched: string;
}

interface VideoOpen {
  unlocked: true;
  parts: { title: string; embedUrl: string }[];
  playerOrigin?: string;
}
interface VideoLocked extends Pick<LessonView, 'availableAt' | 'availableText' | 'watch'> {
  unlocked: false;
  reason?: string;
  stepsPassed: number;
  stepsTotal: number;
  stepikUrl?: string | null;
}
interface ApiError {
  error: string;
  message: string;
}

function button(label: string, className: string, onClick: () => void): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = className;
  el.textContent = label;
  el.addEventListener('click', onClick);
  return el;
}

function link(label: string, href: string, className: string): HTMLAnchorElement {
  const el = document.createElement('a');
  el.className = className;
  el.href = href;
  el.textContent = label;
  return el;
}

function isSafeEmbed(url: string): boolean {
  try {
    const u = new URL(url, location.href);
    return u.protocol === 'https:' || (u.protocol === 'http:' && u.hostname === location.hostname);
  } catch {
    return false;
  }
}

class VideoSlot {
  readonly #root: HTMLElement;
  readonly #id: string;
  readonly #t: SlotStrings;
  readonly #status: HTMLElement;
  readonly #hint: HTMLElement;
  readonly #actions: HTMLElement;
  readonly #parts: HTMLElement;
  readonly #watched: HTMLElement | null;
  readonly #store: LessonStore;
  #reporter: WatchReporter | null = null;
  #loading = false;
  /** While a throttled refresh waits: when "Проверить снова" may be pressed again. */
  #retryAt = 0;
  #countdown: ReturnType<typeof setInterval> | undefined;
  /** The refresh's own answer (409, 503, 429), kept under the state until the next change. */
  #refreshMessage = '';

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#id = root.dataset.lessonId ?? '';
    this.#t = JSON.parse(root.dataset.strings ?? '{}') as SlotStrings;
    this.#status = root.querySelector('[data-status]')!;
    this.#hint = root.querySelector('[data-hint]')!;
    this.#actions = root.querySelector('[data-actions]')!;
    this.#parts = root.querySelector('[data-parts]')!;
    this.#watched = root.querySelector('[data-watched]');
    this.#store = lessonStore();
    // Another answer changed this lesson (the progress list, a refresh): follow it.
    this.#store.subscribe((store) => {
      const view = store.get(this.#id);
      this.#showWatched(view?.watched);
      if (!view || this.#loading) return;
      const state = this.#root.dataset.state;
      if (view.unlocked && state !== 'unlocked') void this.load();
      else if (!view.unlocked && (state === 'locked' || state === 'unlocked'))
        this.#showLocked(view);
    });
    this.#store.start();
  }

  async load(): Promise<void> {
    this.#loading = true;
    try {
      await this.#load();
    } finally {
      this.#loading = false;
    }
  }

  async #load(): Promise<void> {
    let response: Response;
    try {
      response = await apiFetch(`/api/lessons/${encodeURIComponent(this.#id)}/video`);
    } catch {
      return this.#show(this.#t.failed);
    }
    const body = (await response.json().catch(() => null)) as
      VideoOpen | VideoLocked | ApiError | null;
    if (response.status === 200 && body && 'unlocked' in body && body.unlocked) {
      this.#showPlayers(body);
      this.#store.set({ lessonId: this.#id, unlocked: true });
      return;
    }
    if (response.status === 401) return this.#showSignIn();
    if (response.status === 403 && body && 'unlocked' in body && !body.unlocked) {
      this.#root.dataset.state = 'locked';
      const { availableAt, availableText, watch } = body;
      this.#store.set({
        lessonId: this.#id,
        unlocked: false,
        reason: body.reason,
        stepsPassed: body.stepsPassed,
        stepsTotal: body.stepsTotal,
        stepikUrl: body.stepikUrl ?? null,
        ...(availableAt ? { availableAt, availableText } : {}),
        ...(watch ? { watch } : {}),
      });
      return this.#showLocked(this.#store.get(this.#id)!);
    }
    // A 404 from the gate (JSON) means the lesson has no video; any other 404 is a fault.
    if (response.status === 404 && body && 'error' in body) return this.#show(this.#t.noVideo);
    if (response.status === 503 && body && 'error' in body && body.error === 'video_unavailable')
      return this.#showUnavailable();
    return this.#show(this.#t.failed);
  }

  /** Boomstream did not answer on a first view: say so and let the student ask again. */
  #showUnavailable(): void {
    const retry = button(this.#t.retry, 'button', () => {
      retry.disabled = true;
      retry.textContent = this.#t.checking;
      void this.load();
    });
    this.#show(this.#t.unavailable, retry);
    this.#root.dataset.state = 'unavailable';
  }

  #show(text: string, ...actions: HTMLElement[]): void {
    this.#reporter?.stop();
    this.#reporter = null;
    this.#showWatched(undefined);
    this.#root.dataset.state = 'message';
    this.#status.textContent = text;
    this.#hint.textContent = '';
    this.#actions.replaceChildren(...actions);
    this.#parts.replaceChildren();
  }

  #showSignIn(): void {
    const next = encodeURIComponent(location.pathname);
    this.#show(this.#t.signIn, link(this.#t.signInAction, `/login?next=${next}`, 'button'));
    this.#root.dataset.state = 'signed-out';
  }

  /** The reason's sentence, its hint (the progress) and action, and "Проверить снова". */
  #showLocked(view: LessonView): void {
    const text = reasonText(view, this.#t, this.#store);
    const actions: HTMLElement[] = [];
    // Linking Stepik goes through a one-time link, so it works inside Telegram too (stepik-link.ts).
    const action =
      text.reason === 'stepik_not_linked'
        ? this.#linkButton()
        : actionLink(text, text.reason === 'steps' ? 'button secondary' : 'button');
    if (action) actions.push(action);
    // Before a release date nothing Stepik says can open it: no "Проверить снова".
    if (text.reason !== 'not_yet') {
      const again = button(this.#t.checkAgain, 'button', () => void this.#refresh());
      again.dataset.checkAgain = '';
      actions.push(again);
    }
    this.#show(text.sentence, ...actions);
    this.#hint.textContent = [text.hint, this.#refreshMessage].filter(Boolean).join(' ');
    this.#root.dataset.state = 'locked';
    this.#root.dataset.reason = text.reason;
    this.#tick();
  }

  #linkButton(): HTMLButtonElement {
    const action = button(this.#t.linkStepik, 'button', () => void this.#link(action));
    action.dataset.linkStepik = '';
    return action;
  }

  async #link(action: HTMLButtonElement): Promise<void> {
    action.disabled = true;
    action.textContent = this.#t.linkOpening;
    const started = await startStepikLink(location.pathname);
    if (started === 'navigating') return;
    action.disabled = false;
    action.textContent = this.#t.linkStepik;
    this.#hint.textContent = started === 'opened' ? this.#t.linkOpened : this.#t.linkFailed;
    if (started === 'opened' && !this.#watching) {
      this.#watching = true;
      // Back from the browser: the link may be done, so ask the gate again.
      onReturn(() => {
        if (this.#root.dataset.state !== 'unlocked') void this.load();
      });
    }
  }

  #watching = false;

  #againButton(): HTMLButtonElement | null {
    return this.#actions.querySelector<HTMLButtonElement>('[data-check-again]');
  }

  /** The countdown on the disabled button while the refresh is throttled. */
  #tick(): void {
    const again = this.#againButton();
    const left = Math.ceil((this.#retryAt - Date.now()) / 1000);
    if (left > 0) {
      if (again) {
        again.disabled = true;
        again.textContent = this.#t.checkAgainIn.replace('{seconds}', String(left));
      }
      this.#countdown ??= setInterval(() => this.#tick(), 1000);
      return;
    }
    clearInterval(this.#countdown);
    this.#countdown = undefined;
    if (again) {
      again.disabled = false;
      again.textContent = this.#t.checkAgain;
    }
  }

  #say(message: string): void {
    this.#refreshMessage = message;
    const view = this.#store.get(this.#id);
    if (view && !view.unlocked) this.#showLocked(view);
    else this.#hint.textContent = message;
  }

  async #refresh(): Promise<void> {
    const again = this.#againButton();
    if (again) {
      again.disabled = true;
      again.textContent = this.#t.checking;
    }
    this.#refreshMessage = '';
    let response: Response;
    try {
      response = await apiFetch(`/api/lessons/${encodeURIComponent(this.#id)}/refresh`, {
        method: 'POST',
      });
    } catch {
      return this.#say(this.#t.failed);
    }
    const body = (await response.json().catch(() => null)) as
      (LessonView & { message?: string }) | null;
    if (response.status === 401) return this.#showSignIn();
    if (response.ok && body) {
      // The store tells the badge, the tree and this slot (which fetches the players if open).
      this.#store.set(body);
      const view = this.#store.get(this.#id);
      if (view && !view.unlocked) this.#showLocked(view);
      return;
    }
    if (response.status === 429) {
      const seconds = Number(response.headers.get('Retry-After'));
      this.#retryAt = Date.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds : 30) * 1000;
      return this.#say(body?.message ?? this.#t.tooOften);
    }
    // 409 (Stepik not linked), 503 (Stepik down, sync not configured): their own words.
    if ((response.status === 409 || response.status === 503) && body?.message)
      return this.#say(body.message);
    return this.#say(this.#t.failed);
  }

  /** "посмотрено 64 % видео урока" under the players, from the store (progress, the watch reports). */
  #showWatched(share: number | undefined): void {
    if (!this.#watched) return;
    const show = share !== undefined && this.#root.dataset.state === 'unlocked';
    this.#watched.hidden = !show;
    if (!show) return;
    const percent = watchedPercent(share);
    this.#watched.dataset.watchedPercent = String(percent);
    this.#watched.textContent = this.#t.watched.replace('{percent}', String(percent));
  }

  #showPlayers(body: VideoOpen): void {
    this.#reporter?.stop();
    this.#root.dataset.state = 'unlocked';
    this.#root.dataset.reason = '';
    this.#status.textContent = '';
    this.#hint.textContent = '';
    this.#refreshMessage = '';
    this.#actions.replaceChildren();
    // Each frame keeps its part's index in the lesson: the watch reports name parts by it.
    const parts = body.parts
      .map((part, index) => ({ ...part, index }))
      .filter((p) => isSafeEmbed(p.embedUrl));
    const frames: { frame: HTMLIFrameElement; part: number }[] = [];
    this.#parts.replaceChildren(
      ...parts.map((part, i) => {
        const figure = document.createElement('figure');
        figure.className = 'video-part';
        if (parts.length > 1 || part.title) {
          const h = document.createElement('h3');
          h.textContent = part.title || this.#t.partTitle.replace('{n}', String(i + 1));
          figure.append(h);
        }
        const frame = document.createElement('div');
        frame.className = 'player';
        const iframe = document.createElement('iframe');
        iframe.src = part.embedUrl;
        iframe.title = part.title || this.#t.partTitle.replace('{n}', String(i + 1));
        iframe.allow = 'autoplay; fullscreen; picture-in-picture; encrypted-media';
        iframe.allowFullscreen = true;
        iframe.loading = 'lazy';
        frames.push({ frame: iframe, part: part.index });
        frame.append(iframe);
        figure.append(frame);
        return figure;
      }),
    );
    this.#reporter = new WatchReporter(this.#id, body.playerOrigin, frames, (answer) => {
      this.#store.set({ lessonId: answer.lessonId, slug: answer.slug, watched: answer.watched });
      // Watching opened a later lesson: the tree, the badges and the next-lesson link follow, without a reload.
      if (answer.opened?.length) void this.#store.reload();
    });
    this.#showWatched(this.#store.get(this.#id)?.watched);
  }
}

export function mountVideoSlots(): void {
  for (const root of document.querySelectorAll<HTMLElement>('[data-video-slot]'))
    void new VideoSlot(root).load();
}
