/**
 * The cabinet's "Привязать Stepik" inside Telegram: the one-time link in the external browser
 * instead of OAuth inside the WebView (Google refuses sign-in there), and a fresh cabinet when
 * the student comes back. Outside Telegram the plain link to /auth/stepik stays as it is.
 */
import { onReturn, startStepikLink } from './stepik-link.ts';
import { miniApp } from './telegram-app.ts';

export async function enhanceStepikLinks(): Promise<void> {
  const app = await miniApp();
  if (!app?.openLink) return;
  const links = document.querySelectorAll<HTMLAnchorElement>('a[data-link-stepik-start]');
  for (const link of links) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      void startStepikLink(location.pathname);
    });
  }
  if (links.length) onReturn(() => location.reload());
}
