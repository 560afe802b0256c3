/**
 * The security headers of every answer, by the kind of page. Scripts come only from us and,
 * where the Login Widget is shown, from telegram.org; frames only from the Boomstream player
 * (or, offline, the stand-in player on this site) and Telegram's login iframe. Pages a student may open inside the Mini App can be framed by
 * Telegram Web; staff and sign-in flows cannot be framed at all.
 */
import type { Config } from '#api/config.ts';

export type PageKind = 'api' | 'staff' | 'auth' | 'personal' | 'page' | 'player';

const TELEGRAM_WEB = 'https://web.telegram.org';
const TELEGRAM_WIDGET = 'https://telegram.org';
const TELEGRAM_OAUTH = 'https://oauth.telegram.org';

export function pageKind(pathname: string): PageKind {
  if (pathname === '/healthz' || pathname === '/api' || pathname.startsWith('/api/')) return 'api';
  if (pathname === '/admin' || pathname.startsWith('/admin/')) return 'staff';
  if (pathname.startsWith('/auth/')) return 'auth';
  if (pathname.startsWith('/_player/')) return 'player';
  if (/^\/cabinet(?:-mini-app)?\/?$/.test(pathname)) return 'personal';
  return 'page';
}

export function securityHeaders(kind: PageKind, config: Config): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
  if (config.appOrigin.startsWith('https:'))
    headers['Strict-Transport-Security'] = 'max-age=31536000';
  if (kind === 'api') {
    headers['Content-Security-Policy'] = "default-src 'none'; frame-ancestors 'none'";
    return headers;
  }
  if (kind === 'player') {
    // The offline stand-in player (only mounted in that mode): its own script and style, framed by our pages only.
    headers['Content-Security-Policy'] =
      `default-src 'none'; script-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self' ${TELEGRAM_WEB}`;
    return headers;
  }
  const framedBy = kind === 'staff' || kind === 'auth' ? "'none'" : `'self' ${TELEGRAM_WEB}`;
  headers['Content-Security-Policy'] = [
    "default-src 'self'",
    `script-src 'self' ${TELEGRAM_WIDGET}`,
    // Shiki's highlighted code carries inline colours.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https://t.me https://telegram.org",
    // The player: Boomstream's host, or (offline only) the stand-in on this site.
    `frame-src ${config.boomstream.standIn ? "'self'" : new URL(config.boomstream.playerUrl).origin} ${TELEGRAM_OAUTH}`,
    "connect-src 'self'",
    // Forms that go on elsewhere: the Telegram deep link (t.me) and the Stepik consent page.
    `form-action 'self' https://t.me ${new URL(config.stepik.baseUrl).origin}`,
    "base-uri 'self'",
    "object-src 'none'",
    `frame-ancestors ${framedBy}`,
  ].join('; ');
  if (kind === 'staff' || kind === 'auth') headers['X-Frame-Options'] = 'DENY';
  if (kind === 'staff' || kind === 'personal') headers['Cache-Control'] = 'private, no-store';
  return headers;
}
