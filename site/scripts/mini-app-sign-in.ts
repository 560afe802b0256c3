/**
 * /login inside Telegram: already known → straight on; otherwise the student chooses between
 * continuing with Telegram alone and linking Telegram to the account they have (email + the
 * Boomstream password). Both go through POST /api/auth/telegram-webapp with the initData.
 */
import { apiFetch, discardBody } from './api-client.ts';
import { miniApp } from './telegram-app.ts';

export async function offerMiniAppSignIn(): Promise<void> {
  const panel = document.querySelector<HTMLElement>('[data-mini-app-panel]');
  const app = await miniApp();
  if (!panel || !app) return;
  const next = panel.dataset.next || '/cabinet';
  const me = await apiFetch('/api/me');
  if (me.ok) return location.replace(next);
  discardBody(me);
  const strings = JSON.parse(panel.dataset.strings ?? '{}') as {
    continueAs: string;
    failed: string;
    network: string;
  };
  const errorBox = panel.querySelector<HTMLElement>('[data-mini-app-error]')!;
  const name = app.initDataUnsafe?.user?.first_name;
  const continueButton = panel.querySelector<HTMLButtonElement>('[data-mini-app-continue]')!;
  if (name) continueButton.textContent = strings.continueAs.replace('{name}', name);
  for (const section of document.querySelectorAll<HTMLElement>('main > section.card'))
    section.hidden = section !== panel;
  panel.hidden = false;

  const signIn = async (body: Record<string, unknown>): Promise<void> => {
    errorBox.hidden = true;
    try {
      const response = await apiFetch('/api/auth/telegram-webapp', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.ok) return location.replace(next);
      errorBox.textContent =
        ((await response.json().catch(() => null)) as { message?: string } | null)?.message ??
        strings.failed;
    } catch {
      errorBox.textContent = strings.network;
    }
    errorBox.hidden = false;
  };
  continueButton.addEventListener('click', () => void signIn({}));
  panel
    .querySelector<HTMLFormElement>('[data-mini-app-link]')!
    .addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(event.target as HTMLFormElement);
      void signIn({ email: data.get('email'), password: data.get('password') });
    });
}
