/**
 * Staff overrides: grant opens a lesson for a student whatever Stepik says; revoke closes it
 * and wins over progress. Recorded with who and when; a grant also queues the bot's message.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { listLessons } from '../course/load.ts';
import type { Course, Lesson } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import { normalizeEmail, type UserRow } from '../auth/users.ts';
import { MAX_INT32, parsePositiveInteger } from '../input/integers.ts';

export type OverrideAction = 'grant' | 'revoke';

/** `--user`: an email (any case) or our numeric user id. */
export async function findUserByRef(database: Database, ref: string): Promise<UserRow | undefined> {
  const { db, t } = database;
  // Only an id users.id can hold (32-bit on PostgreSQL); longer digits can still be an email.
  const asId = parsePositiveInteger(ref, MAX_INT32);
  const [user] = await db
    .select()
    .from(t.users)
    .where(
      asId !== null
        ? or(eq(t.users.id, asId), eq(t.users.email, normalizeEmail(ref)))
        : eq(t.users.email, normalizeEmail(ref)),
    );
  return user;
}

/** `--lesson`: a slug or a Stepik lesson id. `--module`: a module position or exact title. */
export function findLessons(course: Course, ref: { lesson?: string; module?: string }): Lesson[] {
  if (ref.lesson !== undefined) {
    const lesson = listLessons(course).find(
      (l) => l.slug === ref.lesson || String(l.stepikLessonId) === ref.lesson,
    );
    return lesson ? [lesson] : [];
  }
  if (ref.module !== undefined) {
    const mod = course.modules.find(
      (m) => String(m.position) === ref.module || m.title === ref.module,
    );
    return mod ? mod.lessons : [];
  }
  return [];
}

export async function setOverrides(
  database: Database,
  input: {
    userId: number;
    lessons: readonly Lesson[];
    action: OverrideAction;
    actor: string;
    reason?: string;
  },
  now: Date = new Date(),
): Promise<void> {
  const { t } = database;
  if (!input.lessons.length) return;
  await database.transaction(async (tx) => {
    await tx
      .insert(t.accessOverrides)
      .values(
        input.lessons.map((l) => ({
          userId: input.userId,
          lessonSlug: l.slug,
          action: input.action,
          actor: input.actor,
          reason: input.reason ?? null,
          createdAt: now,
        })),
      )
      .onConflictDoUpdate({
        target: [t.accessOverrides.userId, t.accessOverrides.lessonSlug],
        set: {
          action: sql`excluded.action`,
          actor: sql`excluded.actor`,
          reason: sql`excluded.reason`,
          createdAt: sql`excluded.created_at`,
        },
      });
    if (input.action === 'grant') {
      const withVideo = input.lessons.filter((l) => l.videos.length > 0);
      if (withVideo.length) {
        await tx
          .insert(t.unlockEvents)
          .values(
            withVideo.map((l) => ({ userId: input.userId, lessonSlug: l.slug, unlockedAt: now })),
          )
          .onConflictDoNothing();
      }
    }
  });
}

/** Back to what progress says. */
export async function clearOverrides(
  database: Database,
  userId: number,
  lessons: readonly Lesson[],
): Promise<number> {
  if (!lessons.length) return 0;
  const removed = await database.db
    .delete(database.t.accessOverrides)
    .where(
      and(
        eq(database.t.accessOverrides.userId, userId),
        inArray(
          database.t.accessOverrides.lessonSlug,
          lessons.map((l) => l.slug),
        ),
      ),
    )
    .returning({ slug: database.t.accessOverrides.lessonSlug });
  return removed.length;
}
