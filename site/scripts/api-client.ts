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
