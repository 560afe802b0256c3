/**
 * How much of each lesson's videos a student has watched: the share (0–1) of the lesson's parts
 * taken together, read from `watch_progress`. This is the one interface the unlock rules read
 * watching through (rules.ts `watch`); whatever writes the table, the rules only see this.
 */
import { inArray } from 'drizzle-orm';
import type { Course } from '../course/schema.ts';
import { listLessons } from '../course/load.ts';
import type { Database, Db } from '../db/client.ts';
import type { Tables } from '../db/tables.ts';

/** Lesson slug → watched share (0–1). A lesson nobody reported on is absent (read it as 0). */
export type WatchedShares = ReadonlyMap<string, number>;

export interface WatchedPart {
  lessonSlug: string;
  partIndex: number;
  watchedSeconds: number;
  durationSeconds: number;
}

/**
 * Pure: a lesson's share from its stored parts. A part never played has no known length yet:
 * it counts as long as the average known part of the lesson (so one watched part of two is
 * about half, not all), and nothing is known before any part was played.
 */
export function lessonShare(partCount: number, parts: readonly Pick<WatchedPart, 'partIndex' | 'watchedSeconds' | 'durationSeconds'>[]): number {
  const known = parts.filter((p) => p.partIndex >= 0 && p.partIndex < partCount && p.durationSeconds > 0);
  if (!known.length || partCount <= 0) return 0;
  const byIndex = new Map(known.map((p) => [p.partIndex, p]));
  const average = known.reduce((sum, p) => sum + p.durationSeconds, 0) / known.length;
  let watched = 0;
  let total = 0;
  for (let i = 0; i < partCount; i++) {
    const part = byIndex.get(i);
    total += part ? part.durationSeconds : average;
    watched += part ? Math.min(part.durationSeconds, Math.max(0, part.watchedSeconds)) : 0;
  }
  return total > 0 ? Math.min(1, watched / total) : 0;
}

/** Pure: every lesson with videos that has stored parts, by slug. */
export function sharesFromParts(course: Course, parts: readonly WatchedPart[]): Map<string, number> {
  const byLesson = new Map<string, WatchedPart[]>();
  for (const part of parts) byLesson.set(part.lessonSlug, [...(byLesson.get(part.lessonSlug) ?? []), part]);
  const shares = new Map<string, number>();
  for (const lesson of listLessons(course)) {
    const mine = byLesson.get(lesson.slug);
    if (mine && lesson.videos.length) shares.set(lesson.slug, lessonShare(lesson.videos.length, mine));
  }
  return shares;
}

/** True when some lesson's rule reads watching: only then is the table worth a query. */
export function courseReadsWatching(course: Course): boolean {
  return listLessons(course).some((l) => l.watch.length > 0);
}

/** The shares of several students at once (the sync's batches, the staff matrix). */
export async function loadWatchedSharesFor(db: Db, t: Tables, course: Course, userIds: readonly number[]): Promise<Map<number, Map<string, number>>> {
  const result = new Map<number, Map<string, number>>(userIds.map((id) => [id, new Map()]));
  if (!userIds.length) return result;
  const rows = await db
    .select({ userId: t.watchProgress.userId, lessonSlug: t.watchProgress.lessonSlug, partIndex: t.watchProgress.partIndex, watchedSeconds: t.watchProgress.watchedSeconds, durationSeconds: t.watchProgress.durationSeconds })
    .from(t.watchProgress)
    .where(inArray(t.watchProgress.userId, [...userIds]));
  for (const id of userIds) result.set(id, sharesFromParts(course, rows.filter((r) => r.userId === id)));
  return result;
}

/** One student's watched share per lesson (lesson slug → 0–1). */
export async function loadWatchedShares(database: Database, course: Course, userId: number): Promise<Map<string, number>> {
  return (await loadWatchedSharesFor(database.db, database.t, course, [userId])).get(userId)!;
}
