/**
 * Records what a computation found open by the rules and not yet recorded: `unlocked_at` on the
 * Stepik lesson's progress row (set once; from then on the lesson stays open, see rules.ts) and
 * the outbox row for the bot's "video open" message (unique per student and lesson, so it is
 * written once, whoever records — the sync, a refresh, the release scheduler). Only lessons the
 * rules open now are recorded, so nothing is recorded before its release date.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Lesson } from '../course/schema.ts';
import type { Db } from '../db/client.ts';
import type { Tables } from '../db/tables.ts';
import type { StudentLesson } from './student-access.ts';

export interface RecordOptions {
  /**
   * Lessons without a Stepik lesson have no progress row to hold `unlocked_at`: only the outbox
   * row is written, and only for those this says yes to (by default none — most are open to
   * everyone from the start, and "your video is open" would say nothing new).
   */
  withoutStepik?: (lesson: Lesson) => boolean;
}

/** "userId:slug" of every lesson newly recorded. Run inside the caller's transaction. */
export async function recordUnlocks(
  tx: Db,
  t: Tables,
  userId: number,
  items: readonly StudentLesson[],
  now: Date,
  { withoutStepik = () => false }: RecordOptions = {},
): Promise<string[]> {
  const recorded: string[] = [];
  for (const item of items) {
    if (item.access.reason !== 'rule' || item.lesson.videos.length === 0) continue;
    if (item.lesson.stepikLessonId === null) {
      if (!withoutStepik(item.lesson)) continue;
      const queued = await tx
        .insert(t.unlockEvents)
        .values({ userId, lessonSlug: item.lesson.slug, unlockedAt: now })
        .onConflictDoNothing()
        .returning({ id: t.unlockEvents.id });
      if (queued.length) recorded.push(`${userId}:${item.lesson.slug}`);
      continue;
    }
    const opened = await tx
      .update(t.lessonProgress)
      .set({ unlockedAt: now })
      .where(
        and(
          eq(t.lessonProgress.userId, userId),
          eq(t.lessonProgress.lessonId, item.lesson.stepikLessonId),
          isNull(t.lessonProgress.unlockedAt),
        ),
      )
      .returning({ userId: t.lessonProgress.userId });
    // No row yet (never synced; a rule that needs no steps, opened by its date): one to hold the unlock.
    const created = opened.length
      ? opened
      : await tx
          .insert(t.lessonProgress)
          .values({ userId, lessonId: item.lesson.stepikLessonId, unlockedAt: now, updatedAt: now })
          .onConflictDoNothing()
          .returning({ userId: t.lessonProgress.userId });
    if (!created.length) continue;
    await tx
      .insert(t.unlockEvents)
      .values({ userId, lessonSlug: item.lesson.slug, unlockedAt: now })
      .onConflictDoNothing();
    recorded.push(`${userId}:${item.lesson.slug}`);
  }
  return recorded;
}
