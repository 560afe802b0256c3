/**
 * The student behind a cookie token, in one prepared statement, when the session needs nothing
 * done: known, not expired, and not in its second half (where the full way extends it and sends
 * the cookie again). Null otherwise — the API router's resolveRequestUser then handles it. The
 * session lanes (server/session-lanes.ts) answer the hottest reads with this before the router.
 *
 * A statement starts from `settledSessionQuery` with columns of its own after the session's
 * three, and reads its rows with `settledStudentOf` (api/access/open-answer.ts does, for the
 * gate; api/access/progress.ts, for /api/progress).
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { dateValue, numberValue, textValue } from '../db/row-values.ts';
import { SESSION_TOKEN_PATTERN, sessionStanding } from './session.ts';
import { sha256Hex } from './tokens.ts';

export interface SettledStudent {
  id: number;
  email: string | null;
}

/** How many columns the session takes at the start of a row: its expiry, the user's id and email. */
export const SETTLED_SESSION_COLUMNS = 3;

/**
 * `select <expiry, id, email, …columns> from sessions join users`, to which the caller may add
 * joins; `whereSession` ends it. Its placeholder `id` takes `sessionIdOf(token)`.
 */
export function settledSessionQuery(database: Database, columns: Record<string, unknown> = {}) {
  const { db, t } = database;
  return db
    .select({
      expiresAt: t.sessions.expiresAt,
      userId: t.users.id,
      email: t.users.email,
      ...(columns as Record<string, SQL>),
    })
    .from(t.sessions)
    .innerJoin(t.users, eq(t.users.id, t.sessions.userId))
    .$dynamic();
}

export const whereSession = ({ t }: Database): SQL => eq(t.sessions.id, sql.placeholder('id'));

/** The stored id of a cookie token; null for a token of another shape (the database is not asked). */
export function sessionIdOf(token: string): string | null {
  return SESSION_TOKEN_PATTERN.test(token) ? sha256Hex(token) : null;
}

/** The student of a row that starts with the session's columns, when the session is settled. */
export function settledStudentOf(row: readonly unknown[], now: Date): SettledStudent | null {
  if (sessionStanding(dateValue(row[0])!, now) !== 'valid') return null;
  return { id: numberValue(row[1])!, email: textValue(row[2]) };
}
