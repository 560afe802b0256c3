/**
 * Who is asking: the session cookie's token, or `Authorization: tma <initData>` from the Mini
 * App (cookies are unreliable in Telegram Web's iframe). Both doors — the API router and the
 * Astro pages — call this one function.
 */
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { validateSessionToken, type Session } from './session.ts';
import { userFromInitData } from './telegram-sign-in.ts';
import type { UserRow } from './users.ts';

export interface RequestUser {
  user: UserRow | null;
  session: Session | null;
  /** The cookie must be sent again with this expiry (sliding sessions). */
  renewCookieUntil: Date | null;
  /** The cookie named a session that is gone: clear it. */
  clearCookie: boolean;
}

export async function resolveRequestUser(
  database: Database,
  config: Config,
  cookieToken: string | undefined,
  authorization: string | null,
): Promise<RequestUser> {
  const found: RequestUser = {
    user: null,
    session: null,
    renewCookieUntil: null,
    clearCookie: false,
  };
  if (cookieToken) {
    const valid = await validateSessionToken(database, cookieToken);
    if (valid) {
      found.user = valid.user;
      found.session = valid.session;
      if (valid.renewed) found.renewCookieUntil = valid.session.expiresAt;
    } else {
      found.clearCookie = true;
    }
  }
  if (!found.user && authorization?.startsWith('tma ')) {
    found.user = await userFromInitData(database, config, authorization.slice(4).trim());
  }
  return found;
}
