/**
 * What an API route handler gets: the same shape the Astro endpoints had (request, params,
 * locals, cookies, clientAddress), so a handler stays a short guard ladder into the core.
 */
import type { Session } from '#api/auth/session.ts';
import type { CookieOptions, CookieWriter } from '#api/auth/session-cookie.ts';
import type { UserRow } from '#api/auth/users.ts';

export interface RouteLocals {
  /** The signed-in account, from the session cookie or `Authorization: tma …`; null otherwise. */
  user: UserRow | null;
  /** The cookie session, when that is how the request signed in. */
  session: Session | null;
}

export interface RouteContext {
  request: Request;
  url: URL;
  params: Record<string, string | undefined>;
  locals: RouteLocals;
  cookies: CookieJar;
  /** The client's address: the TCP peer, or the entry TRUSTED_PROXY_HOPS from the right of X-Forwarded-For. */
  clientAddress: string;
}

export type RouteHandler = (context: RouteContext) => Response | Promise<Response>;

/** Reads the request's cookies and collects the ones a handler sets, in the order set. */
export class CookieJar implements CookieWriter {
  readonly #incoming: Map<string, string>;
  readonly #outgoing = new Map<string, string>();

  constructor(cookieHeader: string | null) {
    this.#incoming = parseCookieHeader(cookieHeader ?? '');
  }

  get(name: string): { value: string } | undefined {
    const value = this.#incoming.get(name);
    return value === undefined ? undefined : { value };
  }

  set(name: string, value: string, options: CookieOptions): void {
    this.#outgoing.set(name, serializeCookie(name, value, options));
  }

  /** The Set-Cookie header values to add to the response. */
  headers(): string[] {
    return [...this.#outgoing.values()];
  }
}

export function parseCookieHeader(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (cookies.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

/** The attribute order of the `cookie` package Astro uses, so the headers stay as they were. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  let out = `${name}=${encodeURIComponent(value)}`;
  if (options.maxAge !== undefined) out += `; Max-Age=${Math.floor(options.maxAge)}`;
  if (options.path) out += `; Path=${options.path}`;
  if (options.expires) out += `; Expires=${options.expires.toUTCString()}`;
  if (options.httpOnly) out += '; HttpOnly';
  if (options.secure) out += '; Secure';
  if (options.sameSite)
    out += `; SameSite=${options.sameSite[0]!.toUpperCase()}${options.sameSite.slice(1)}`;
  return out;
}
