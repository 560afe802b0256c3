/** The session cookie: HttpOnly, SameSite=Lax, Path=/, Secure whenever the site is https. */
import type { AstroCookies } from 'astro';
import type { Config } from '../../api/config.ts';

/** `__Host-` pins the cookie to our host over https; plain http (localhost) cannot use it. */
export function sessionCookieName(config: Config): string {
  return config.secureCookies ? '__Host-session' : 'session';
}

export function setSessionCookie(cookies: AstroCookies, config: Config, token: string, expiresAt: Date): void {
  cookies.set(sessionCookieName(config), token, { httpOnly: true, secure: config.secureCookies, sameSite: 'lax', path: '/', expires: expiresAt });
}

export function clearSessionCookie(cookies: AstroCookies, config: Config): void {
  cookies.set(sessionCookieName(config), '', { httpOnly: true, secure: config.secureCookies, sameSite: 'lax', path: '/', maxAge: 0, expires: new Date(0) });
}
