/**
 * `students add|remove <email or telegram id>…`: each argument names one person. Adding
 * someone we have never seen creates their account (the email, or the Telegram id), so the
 * first sign-in by that email (Google, the Boomstream password) or that Telegram lands on it.
 */
import { eq } from 'drizzle-orm';
import { isPlausibleEmail, normalizeEmail } from '../auth/users.ts';
import type { Database, Db } from '../db/client.ts';
import type { Tables } from '../db/tables.ts';
import { ru } from '../i18n/ru.ts';
import { addToRoster, removeFromRoster } from './roster.ts';

export type StudentRef =
  | { kind: 'email'; email: string; text: string }
  | { kind: 'telegram'; telegramId: number; text: string };

export type RefsResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Every argument checked before anything is written. */
export function parseStudentRefs(texts: readonly string[]): RefsResult<StudentRef[]> {
  const refs: StudentRef[] = [];
  for (const text of texts) {
    const trimmed = text.trim();
    if (/^\d{1,15}$/.test(trimmed) && Number(trimmed) > 0)
      refs.push({ kind: 'telegram', telegramId: Number(trimmed), text });
    else if (isPlausibleEmail(normalizeEmail(trimmed)))
      refs.push({ kind: 'email', email: normalizeEmail(trimmed), text });
    else return { ok: false, message: ru.roster.badRef(text) };
  }
  return { ok: true, value: refs };
}

async function findUserId(db: Db, t: Tables, ref: StudentRef): Promise<number | undefined> {
  if (ref.kind === 'email')
    return (
      await db.select({ id: t.users.id }).from(t.users).where(eq(t.users.email, ref.email))
    )[0]?.id;
  const [user] = await db
    .select({ id: t.users.id })
    .from(t.users)
    .where(eq(t.users.telegramId, ref.telegramId));
  if (user) return user.id;
  // Seen by the bot or the group import and linked there, without telegram_id on the account.
  const [known] = await db
    .select({ userId: t.telegramUsers.userId })
    .from(t.telegramUsers)
    .where(eq(t.telegramUsers.telegramId, ref.telegramId));
  return known?.userId ?? undefined;
}

export interface AddedStudents {
  userIds: number[];
  created: number;
  added: number;
}

/** One transaction: every argument lands on the roster, or none does. */
export async function addStudents(
  database: Database,
  refs: readonly StudentRef[],
  now: Date = new Date(),
): Promise<AddedStudents> {
  const { t } = database;
  return database.transaction(async (tx) => {
    const userIds: number[] = [];
    let created = 0;
    for (const ref of refs) {
      let id = await findUserId(tx, t, ref);
      if (id === undefined) {
        const [row] = await tx
          .insert(t.users)
          .values(
            ref.kind === 'email'
              ? { email: ref.email, createdAt: now, updatedAt: now }
              : { telegramId: ref.telegramId, createdAt: now, updatedAt: now },
          )
          .returning({ id: t.users.id });
        id = row!.id;
        created++;
      }
      userIds.push(id);
    }
    const added = await addToRoster(tx, t, userIds, 'cli', now);
    return { userIds, created, added };
  });
}

/** Every argument must be someone on the roster; otherwise nothing is removed. */
export async function removeStudents(
  database: Database,
  refs: readonly StudentRef[],
): Promise<RefsResult<number>> {
  const { db, t } = database;
  const userIds: number[] = [];
  for (const ref of refs) {
    const id = await findUserId(db, t, ref);
    if (id === undefined) return { ok: false, message: ru.roster.unknownUser(ref.text) };
    const [member] = await db
      .select({ userId: t.courseRoster.userId })
      .from(t.courseRoster)
      .where(eq(t.courseRoster.userId, id));
    if (!member) return { ok: false, message: ru.roster.notOnRoster(ref.text) };
    userIds.push(id);
  }
  return { ok: true, value: await removeFromRoster(database, userIds) };
}
