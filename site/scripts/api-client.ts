/**
 * fetch() for our API from the browser. Inside Telegram (a Mini App) cookies are unreliable,
 * so the signed initData goes in `Authorization: tma …`; elsewhere the session cookie does.
 */
interface TelegramWindow {
  Telegram?: { WebApp?: { initData?: string } };
}

export function telegramInitData(): string | undefined {
  const data = (window as unknown as TelegramWindow).Telegram?.WebApp?.initData;
  return data ? data : undefined;
}

export function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  const initData = telegramInitData();
  if (initData) headers.set('Authorization', `tma ${initData}`);
  return fetch(path, { ...init, headers, credentials: 'same-origin' });
}
