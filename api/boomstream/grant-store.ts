/**
 * Our record of Boomstream buyers: one `passwords` row per student and video (unique on
 * user_id + media_code) holding the buyer hash, when its access ends, and whether it is live.
 * Revoked rows stay, inactive, as the audit trail.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { preparedStatement } from '../db/prepared.ts';
import type { Tables } from '../db/tables.ts';

export type GrantRow = Tables['passwords']['$inferSelect'];

export async function findGrant(
  database: Database,
  userId: number,
  mediaCode: string,
): Promise<GrantRow | undefined> {
  // Prepared: the gate asks once per part of an open lesson on every view.
  const statement = preparedStatement(database, 'grant_by_user_media', ({ db, t }) =>
    db
      .select()
      .from(t.passwords)
      .where(
        and(
          eq(t.passwords.userId, sql.placeholder('userId')),
          eq(t.passwords.mediaCode, sql.placeholder('mediaCode')),
        ),
      )
      .prepare('grant_by_user_media'),
  );
  const [row] = await statement.execute({ userId, mediaCode });
  return row;
}

export async function findActiveGrants(
  database: Database,
  userId: number,
  mediaCodes: string[],
): Promise<GrantRow[]> {
  if (!mediaCodes.length) return [];
  const { db, t } = database;
  return db
    .select()
    .from(t.passwords)
    .where(
      and(
        eq(t.passwords.userId, userId),
        inArray(t.passwords.mediaCode, mediaCodes),
        eq(t.passwords.active, true),
      ),
    );
}

/**
 * Records a live grant. An upsert on the unique (user, media) pair: a second writer — another
 * web instance serving the same student's first view at the same moment — updates the one row
 * instead of failing, and since the hash is deterministic both write the same buyer.
 */
export async function saveGrant(
  database: Database,
  grant: { userId: number; mediaCode: string; hash: string; endDate: Date },
): Promise<void> {
  const { db, t } = database;
  const values = {
    password: grant.hash,
    endDate: grant.endDate,
    active: true,
    updatedAt: new Date(),
  };
  await db
    .insert(t.passwords)
    .values({ userId: grant.userId, mediaCode: grant.mediaCode, ...values })
    .onConflictDoUpdate({ target: [t.passwords.userId, t.passwords.mediaCode], set: values });
}

export async function markGrantRevoked(database: Database, id: number): Promise<void> {
  const { db, t } = database;
  await db
    .update(t.passwords)
    .set({ active: false, updatedAt: new Date() })
    .where(eq(t.passwords.id, id));
}
