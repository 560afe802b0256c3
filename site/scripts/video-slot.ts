/** Browser side of the video slot: asks the gate, shows the players or what is still missing. */
import { apiFetch } from './api-client.ts';
import { onReturn, startStepikLink } from './stepik-link.ts';
// A leaf module without imports: safe in the browser (the build scan checks what ships).
import { formatProgress } from '../../api/i18n/plural.ts';

interface SlotStrings {
  loading: string; signIn: string; signInAction: string; locked: string; progress: string; openStepik: string;
  checkAgain: string; checking: string; tooOften: string; noVideo: string; failed: string; partTitle: string;
  progressTemplate: string; stepsForms: [string, string, string];
  linkStepik: string; linkOpening: string; linkOpened: string; linkFailed: string; notLinked: string;
}

interface VideoOpen { unlocked: true; parts: { title: string; embedUrl: string }[] }
interface VideoLocked { unlocked: false; reason?: string; stepsPassed: number; stepsTotal: number; stepikUrl?: string | null }


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
  readonly #actions: HTMLElement;
  readonly #parts: HTMLElement;

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#id = root.dataset.lessonId ?? '';
    this.#t = JSON.parse(root.dataset.strings ?? '{}') as SlotStrings;
    this.#status = root.querySelector('[data-status]')!;
    this.#actions = root.querySelector('[data-actions]')!;
    this.#parts = root.querySelector('[data-parts]')!;
  }

  async load(): Promise<void> {
    let response: Response;
    try {
      response = await apiFetch(`/api/lessons/${encodeURIComponent(this.#id)}/video`);
    } catch {
      return this.#show(this.#t.failed);
    }
    const body = (await response.json().catch(() => null)) as VideoOpen | VideoLocked | null;
    if (response.status === 200 && body?.unlocked) return this.#showPlayers(body);
    if (response.status === 401) return this.#showSignIn();
    if (response.status === 403 && body && !body.unlocked) {
      if (body.reason) return body.reason === 'stepik_not_linked' ? this.#showLinkStepik() : this.#showLocked(body);
      // A gate without reasons: show what is known at once, then ask the account.
      this.#showLocked(body);
      if ((await this.#stepikMissing()) && this.#root.dataset.state === 'locked') this.#showLinkStepik();
      return;
    }
    // A 404 from the gate (JSON) means the lesson has no video; any other 404 is a fault.
    if (response.status === 404 && body && 'error' in body) return this.#show(this.#t.noVideo);
    return this.#show(this.#t.failed);
  }

  #show(text: string, ...actions: HTMLElement[]): void {
    this.#root.dataset.state = 'message';
    this.#status.textContent = text;
    this.#actions.replaceChildren(...actions);
    this.#parts.replaceChildren();
  }

  #showSignIn(): void {
    this.#root.dataset.state = 'signed-out';
    const next = encodeURIComponent(location.pathname);
    this.#show(this.#t.signIn, link(this.#t.signInAction, `/login?next=${next}`, 'button'));
  }

  /** Whether the account has no Stepik linked (for a gate that does not say why it is closed). */
  async #stepikMissing(): Promise<boolean> {
    const me = (await apiFetch('/api/me').then((r) => r.json()).catch(() => null)) as { user?: { linked?: { stepik?: boolean } } } | null;
    return me?.user?.linked?.stepik === false;
  }

  #showLinkStepik(): void {
    const t = this.#t;
    const action = button(t.linkStepik, 'button', () => void this.#link(action));
    action.dataset.linkStepik = '';
    this.#show(t.notLinked, action);
    this.#root.dataset.state = 'stepik-not-linked';
  }

  async #link(action: HTMLButtonElement): Promise<void> {
    action.disabled = true;
    action.textContent = this.#t.linkOpening;
    const started = await startStepikLink(location.pathname);
    if (started === 'navigating') return;
    action.disabled = false;
    action.textContent = this.#t.linkStepik;
    this.#status.textContent = started === 'opened' ? this.#t.linkOpened : this.#t.linkFailed;
    if (started === 'opened' && !this.#watching) {
      this.#watching = true;
      // Back from the browser: the link may be done, so ask the gate again.
      onReturn(() => {
        if (this.#root.dataset.state !== 'unlocked') void this.load();
      });
    }
  }

  #watching = false;

  #showLocked(body: VideoLocked): void {
    const t = this.#t;
    const progress = body.stepsTotal > 0 ? ` ${t.progress.replace('{progress}', formatProgress(t.progressTemplate, t.stepsForms, body.stepsPassed, body.stepsTotal))}` : '';
    const actions: HTMLElement[] = [];
    if (body.stepikUrl) {
      const stepik = link(t.openStepik, body.stepikUrl, 'button secondary');
      // Inside Telegram the Mini App opens it with openLink (telegram-app.ts).
      stepik.target = '_blank';
      stepik.rel = 'noopener';
      actions.push(stepik);
    }
    actions.push(button(t.checkAgain, 'button', () => void this.#refresh()));
    this.#show(`${t.locked}${progress}`, ...actions);
    this.#root.dataset.state = 'locked';
  }

  async #refresh(): Promise<void> {
    const again = this.#actions.querySelector<HTMLButtonElement>('button');
    if (again) {
      again.disabled = true;
      again.textContent = this.#t.checking;
    }
    try {
      const response = await apiFetch(`/api/lessons/${encodeURIComponent(this.#id)}/refresh`, { method: 'POST' });
      if (response.status === 429) {
        this.#status.textContent = this.#t.tooOften;
      } else if (response.status === 401) {
        return this.#showSignIn();
      } else if (!response.ok) {
        this.#status.textContent = this.#t.failed;
      } else {
        return await this.load();
      }
    } catch {
      this.#status.textContent = this.#t.failed;
    }
    if (again) {
      again.disabled = false;
      again.textContent = this.#t.checkAgain;
    }
  }

  #showPlayers(body: VideoOpen): void {
    this.#root.dataset.state = 'unlocked';
    this.#status.textContent = '';
    this.#actions.replaceChildren();
    const parts = body.parts.filter((p) => isSafeEmbed(p.embedUrl));
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
        frame.append(iframe);
        figure.append(frame);
        return figure;
      }),
    );
  }
}

export function mountVideoSlots(): void {
  for (const root of document.querySelectorAll<HTMLElement>('[data-video-slot]')) void new VideoSlot(root).load();
}
