/**
 * "Синхронизировать сейчас" without a reload: posts to /api/admin/sync, then polls
 * GET /api/admin/sync until a run newer than the one shown has finished, updating the line
 * (running → the summary) and the banner as it goes.
 */
import { apiFetch } from './api-client.ts';

interface Status {
  run: { id: number; status: 'running' | 'ok' | 'failed' } | null;
  text: string;
  banner: string[];
}

interface Strings {
  starting: string;
  busy: string;
  notConfigured: string;
  lost: string;
}

const POLL_IN_MS = 1000;
const GIVE_UP_AFTER_IN_MS = 20 * 60_000;

function show(line: HTMLElement, banner: HTMLElement | null, status: Status): void {
  line.textContent = status.text;
  line.dataset.runId = String(status.run?.id ?? 0);
  line.dataset.runStatus = status.run?.status ?? 'none';
  if (!banner) return;
  banner.replaceChildren(
    ...status.banner.map((text) =>
      Object.assign(document.createElement('p'), { textContent: text }),
    ),
  );
  banner.hidden = status.banner.length === 0;
}

async function poll(
  line: HTMLElement,
  banner: HTMLElement | null,
  afterId: number,
  strings: Strings,
): Promise<void> {
  const deadline = Date.now() + GIVE_UP_AFTER_IN_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_IN_MS));
    let status: Status;
    try {
      const response = await apiFetch('/api/admin/sync');
      if (!response.ok) throw new Error(String(response.status));
      status = (await response.json()) as Status;
    } catch {
      line.textContent = strings.lost;
      return;
    }
    // Until the new run's row appears, the older run is still the latest: keep "starting".
    if (!status.run || status.run.id <= afterId) continue;
    show(line, banner, status);
    if (status.run.status !== 'running') return;
  }
}

export function followSync(): void {
  const form = document.querySelector<HTMLFormElement>('[data-sync-form]');
  const line = document.querySelector<HTMLElement>('[data-last-sync]');
  if (!form || !line) return;
  const banner = document.querySelector<HTMLElement>('[data-sync-banner]');
  const strings = JSON.parse(form.dataset.strings ?? '{}') as Strings;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    // A run already going (busy) is followed the same way: it is newer than nothing shown before it started.
    const shownId =
      line.dataset.runStatus === 'running'
        ? Number(line.dataset.runId) - 1
        : Number(line.dataset.runId ?? 0);
    line.textContent = strings.starting;
    void (async () => {
      try {
        const response = await apiFetch('/api/admin/sync', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        });
        if (response.status === 503) {
          line.textContent = strings.notConfigured;
          return;
        }
        if (response.status === 409) line.textContent = strings.busy;
        else if (!response.ok) throw new Error(String(response.status));
        await poll(line, banner, response.status === 409 ? 0 : shownId, strings);
      } catch {
        line.textContent = strings.lost;
      } finally {
        if (button) button.disabled = false;
      }
    })();
  });
}
