/**
 * Buttons that open the site: a Mini App (`web_app`) when the origin is https, which Telegram
 * requires for Mini Apps. A plain-http origin (local development) gets an ordinary URL button
 * instead, and a loopback origin gets none: Telegram refuses `localhost`/127.0.0.1 URLs in
 * buttons ("BUTTON_URL_INVALID"), which would fail the whole message.
 */
import type { InlineKeyboard } from 'grammy';

export type AppLinkKind = 'web_app' | 'url' | 'none';

const LOOPBACK = /^(localhost|127(?:\.\d+){3}|\[::1\]|0\.0\.0\.0)$/i;

export function appLinkKind(appOrigin: string): AppLinkKind {
  const url = new URL(appOrigin);
  if (url.protocol === 'https:') return 'web_app';
  return LOOPBACK.test(url.hostname) ? 'none' : 'url';
}

/**
 * The site page at `path`, e.g. /lessons/loops. Never with a #fragment: Telegram appends the
 * launch data (`#tgWebAppData=…`) to the Mini App URL's fragment.
 */
export function appUrl(appOrigin: string, path: string): string {
  return new URL(path, appOrigin).toString();
}

/** Adds the button for a site page to the current row; returns whether one was added. */
export function addAppButton(
  keyboard: InlineKeyboard,
  appOrigin: string,
  label: string,
  path: string,
): boolean {
  const url = appUrl(appOrigin, path);
  const kind = appLinkKind(appOrigin);
  if (kind === 'web_app') keyboard.webApp(label, url);
  else if (kind === 'url') keyboard.url(label, url);
  return kind !== 'none';
}

export const lessonPath = (slug: string): string => `/lessons/${slug}`;
export const CABINET_PATH = '/cabinet';
export const COURSE_PATH = '/course';
