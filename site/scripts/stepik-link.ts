/**
 * "Привязать Stepik" in the browser. Inside Telegram the OAuth pages cannot run in the Mini App
 * (Telegram Web's iframe drops our cookies; Google refuses sign-in in WebViews), so the server
 * hands out a one-time link and Telegram opens it in the external browser; on the site it is
 * the ordinary /auth/stepik. When the student comes back, `onReturn` lets the page look again.
 */
import { apiFetch } from './api-client.ts';
import { miniApp } from './telegram-app.ts';

export type LinkStart = 'opened' | 'navigating' | 'failed';

export async function startStepikLink(nextPath: string): Promise<LinkStart> {
  const app = await miniApp();
  if (!app?.openLink) {
    location.assign(`/auth/stepik?next=${encodeURIComponent(nextPath)}`);
    return 'navigating';
  }
  try {
    const response = await apiFetch('/api/link/stepik', { method: 'POST' });
    const body = (await response.json().catch(() => null)) as { url?: string } | null;
    if (!response.ok || !body?.url) return 'failed';
    app.openLink(body.url);
    return 'opened';
  } catch {
    return 'failed';
  }
}

/** Runs `callback` when the page is shown again: back from the browser, or the Mini App reactivated. */
export function onReturn(callback: () => void): void {
  let last = 0;
  // focus and visibilitychange often come together: one look is enough.
  const once = (): void => {
    if (Date.now() - last < 1000) return;
    last = Date.now();
    callback();
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') once();
  });
  window.addEventListener('focus', once);
  void miniApp().then((app) => app?.onEvent?.('activated', once));
}
