/**
 * "The user blocked the bot", kept in telegram_users.blocked_at: set when Telegram answers 403
 * (or reports the block as a my_chat_member update), cleared by any later update from them.
 * The notifier skips blocked users instead of retrying them forever.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '../db/client.ts';

export async function markBlocked(
  database: Database,
  telegramId: number,
  now: Date = new Date(),
): Promise<void> {
  const { db, t } = database;
  // Upsert: the account may know this telegram_id (e.g. from the Login Widget) before any bot update.
  await db
    .insert(t.telegramUsers)
    .values({ telegramId, blockedAt: now })
    .onConflictDoUpdate({ target: t.telegramUsers.telegramId, set: { blockedAt: now } });
}

export async function clearBlocked(database: Database, telegramId: number): Promise<void> {
  const { db, t } = database;
  await db
    .update(t.telegramUsers)
    .set({ blockedAt: null })
    .where(and(eq(t.telegramUsers.telegramId, telegramId), isNotNull(t.telegramUsers.blockedAt)));
}

export async function isBlocked(database: Database, telegramId: number): Promise<boolean> {
  const { db, t } = database;
  const [row] = await db
    .select({ blockedAt: t.telegramUsers.blockedAt })
    .from(t.telegramUsers)
    .where(eq(t.telegramUsers.telegramId, telegramId));
  return Boolean(row?.blockedAt);
}
