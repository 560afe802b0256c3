/**
 * Sessions in the Lucia style: the cookie holds a random token, the database only its SHA-256.
 * Sliding expiry: a session used in its second half is extended to the full lifetime again.
 */
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { preparedStatement } from '../db/prepared.ts';
import { generateToken, sha256Hex } from './tokens.ts';
import type { UserRow } from './users.ts';

export const SESSION_LIFETIME_IN_MS = 30 * 24 * 60 * 60 * 1000;
const RENEW_WHEN_LEFT_IN_MS = SESSION_LIFETIME_IN_MS / 2;

/** A cookie token's shape: anything else is refused before the database is asked. */
export const SESSION_TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/** What a stored session's expiry means now: gone, to be extended (sliding expiry), or good as is. */
export function sessionStanding(expiresAt: Date, now: Date): 'expired' | 'renew' | 'valid' {
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left < RENEW_WHEN_LEFT_IN_MS ? 'renew' : 'valid';
}

export interface Session {
  id: string;
  userId: number;
  expiresAt: Date;
}

export interface CreatedSession {
  token: string;
  session: Session;
}

export async function createSession(
  database: Database,
  userId: number,
  now: Date = new Date(),
): Promise<CreatedSession> {
  const token = generateToken();
  const session = {
    id: sha256Hex(token),
    userId,
    expiresAt: new Date(now.getTime() + SESSION_LIFETIME_IN_MS),
  };
  await database.db.insert(database.t.sessions).values(session);
  // Staff look for roster students who never signed in: every way in ends here.
  await database.db
    .update(database.t.users)
    .set({ lastSignedInAt: now })
    .where(eq(database.t.users.id, userId));
  return { token, session };
}

export interface ValidSession {
  session: Session;
  user: UserRow;
  /** True when the expiry moved: the cookie must be sent again. */
  renewed: boolean;
}

/** The session and user for a cookie token, or null for a forged, unknown or expired one. */
export async function validateSessionToken(
  database: Database,
  token: string,
  now: Date = new Date(),
): Promise<ValidSession | null> {
  if (!SESSION_TOKEN_PATTERN.test(token)) return null;
  const { db, t } = database;
  const id = sha256Hex(token);
  const [row] = await preparedStatement(database, 'session_with_user', ({ db, t }) =>
    db
      .select({ session: t.sessions, user: t.users })
      .from(t.sessions)
      .innerJoin(t.users, eq(t.sessions.userId, t.users.id))
      .where(eq(t.sessions.id, sql.placeholder('id')))
      .prepare('session_with_user'),
  ).execute({ id });
  if (!row) return null;
  const session = {
    id: row.session.id,
    userId: row.session.userId,
    expiresAt: row.session.expiresAt,
  };
  const standing = sessionStanding(session.expiresAt, now);
  if (standing === 'expired') {
    await db.delete(t.sessions).where(eq(t.sessions.id, id));
    return null;
  }
  let renewed = false;
  if (standing === 'renew') {
    session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME_IN_MS);
    await db
      .update(t.sessions)
      .set({ expiresAt: session.expiresAt })
      .where(and(eq(t.sessions.id, id), gt(t.sessions.expiresAt, now)));
    renewed = true;
  }
  return { session, user: row.user, renewed };
}

export async function invalidateSession(database: Database, sessionId: string): Promise<void> {
  await database.db.delete(database.t.sessions).where(eq(database.t.sessions.id, sessionId));
}

/** Sign out everywhere. */
export async function invalidateUserSessions(database: Database, userId: number): Promise<number> {
  const removed = await database.db
    .delete(database.t.sessions)
    .where(eq(database.t.sessions.userId, userId))
    .returning({ id: database.t.sessions.id });
  return removed.length;
}

export async function deleteExpiredSessions(
  database: Database,
  now: Date = new Date(),
): Promise<void> {
  await database.db.delete(database.t.sessions).where(lte(database.t.sessions.expiresAt, now));
}
