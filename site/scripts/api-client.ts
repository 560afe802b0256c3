/**
 * fetch() for our API from the browser. Inside Telegram (a Mini App) the signed initData goes
 * in `Authorization: tma …`; elsewhere the session cookie does.
 */
import { miniApp } from './telegram-app.ts';

export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  const app = await miniApp();
  if (app?.initData) headers.set('Authorization', `tma ${app.initData}`);
  return fetch(path, { ...init, headers, credentials: 'same-origin' });
}

/**
 * Lets go of an answer whose body is not wanted (a 401 to a signed-out visitor, say): left
 * unread, the browser counts the request as in flight until the page is collected, so the
 * page never goes network-idle.
 */
export function discardBody(response: Response): void {
  void response.body?.cancel().catch(() => {});
}
