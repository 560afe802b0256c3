/**
 * The student behind a cookie token, in one prepared statement, when the session needs nothing
 * done: known, not expired, and not in its second half (where the full way extends it and sends
 * the cookie again). Null otherwise — the API router's resolveRequestUser then handles it. The
 * server answers its hottest reads with this before the router (server/site-server.ts).
 */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { preparedStatement } from '../db/prepared.ts';
import { dateValue, numberValue, textValue } from '../db/row-values.ts';
import { SESSION_TOKEN_PATTERN, sessionStanding } from './session.ts';
import { sha256Hex } from './tokens.ts';

export interface SettledStudent {
  id: number;
  email: string | null;
}

export async function settledSessionStudent(
  database: Database,
  token: string,
  now: Date = new Date(),
): Promise<SettledStudent | null> {
  if (!SESSION_TOKEN_PATTERN.test(token)) return null;
  const statement = preparedStatement(database, 'settled_session', (database) => {
    const { db, t } = database;
    return database.prepareRows(
      db
        .select({ expiresAt: t.sessions.expiresAt, id: t.users.id, email: t.users.email })
        .from(t.sessions)
        .innerJoin(t.users, eq(t.users.id, t.sessions.userId))
        .where(eq(t.sessions.id, sql.placeholder('id')))
        .getSQL(),
    );
  });
  const [row] = await statement({ id: sha256Hex(token) });
  if (!row || sessionStanding(dateValue(row[0])!, now) !== 'valid') return null;
  return { id: numberValue(row[1])!, email: textValue(row[2]) };
}
