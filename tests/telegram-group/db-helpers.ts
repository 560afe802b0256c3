/** Rows to seed and to compare for the importer tests (both dialects). */
import { asc } from 'drizzle-orm';
import type { Database } from '#api/db/client.ts';

export async function seedUser(
  database: Database,
  email: string,
  fields: { telegramId?: number; firstName?: string; lastName?: string } = {},
): Promise<number> {
  const [row] = await database.db
    .insert(database.t.users)
    .values({ email, ...fields })
    .returning({ id: database.t.users.id });
  return row!.id;
}

export async function telegramRows(database: Database) {
  const t = database.t.telegramUsers;
  return database.db.select().from(t).orderBy(asc(t.telegramId));
}

export async function userRows(database: Database) {
  const t = database.t.users;
  return database.db
    .select({ id: t.id, email: t.email, telegramId: t.telegramId, updatedAt: t.updatedAt })
    .from(t)
    .orderBy(asc(t.id));
}

/** Empties the tables the import touches, between tests on one database. */
export async function clearTables(database: Database): Promise<void> {
  await database.db.delete(database.t.telegramUsers);
  await database.db.delete(database.t.users);
}
