/** The session cookie: HttpOnly, SameSite=Lax, Path=/, Secure whenever the site is https. */
import type { Config } from '../config.ts';

export interface CookieOptions {
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'lax' | 'strict' | 'none';
  path?: string;
  expires?: Date;
  maxAge?: number;
}

/** What both doors give us to set a cookie: Astro's `AstroCookies` and the API's cookie jar. */
export interface CookieWriter {
  set(name: string, value: string, options: CookieOptions): void;
}

/** `__Host-` pins the cookie to our host over https; plain http (localhost) cannot use it. */
export function sessionCookieName(config: Config): string {
  return config.secureCookies ? '__Host-session' : 'session';
}

export function setSessionCookie(
  cookies: CookieWriter,
  config: Config,
  token: string,
  expiresAt: Date,
): void {
  cookies.set(sessionCookieName(config), token, {
    httpOnly: true,
    secure: config.secureCookies,
    sameSite: 'lax',
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(cookies: CookieWriter, config: Config): void {
  cookies.set(sessionCookieName(config), '', {
    httpOnly: true,
    secure: config.secureCookies,
    sameSite: 'lax',
    path: '/',
    maxAge: 0,
    expires: new Date(0),
  });
}
