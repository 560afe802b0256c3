/**
 * How much of a lesson's video a student has watched: its parts together, weighted by length.
 * Read from `watch_progress` (written by ./report.ts); used by /api/progress, the cabinet, the
 * course tree, /admin and the access rules (`watched:` / `requires:`, read through this file
 * only: the gate per student, the sync, the release scheduler and /admin for many at once).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { listLessons } from '../course/load.ts';
import type { Course, Lesson, VideoPart } from '../course/schema.ts';
import type { Database, Db } from '../db/client.ts';
import type { Tables } from '../db/tables.ts';

/** Lesson slug → watched share (0–1), lessons with video only. Absent reads as 0. */
export type WatchedShares = ReadonlyMap<string, number>;

/** The stand-in player's clip when course.yaml gives a part no `duration` (offline only). */
export const STAND_IN_CLIP_SECONDS = 30;

export interface WatchRow {
  userId: number;
  mediaCode: string;
  watchedSeconds: number;
  duration: number;
}

export interface DurationSource {
  /** The offline stand-in player is on: a part without `duration` plays STAND_IN_CLIP_SECONDS. */
  standIn: boolean;
}

/** The length the server holds a part to: course.yaml's, else the stand-in's; undefined when only a report can say. */
export function knownDuration(
  video: Pick<VideoPart, 'duration'>,
  source: DurationSource,
): number | undefined {
  return video.duration ?? (source.standIn ? STAND_IN_CLIP_SECONDS : undefined);
}

export interface PartShare {
  watchedSeconds: number;
  /** Undefined while nobody said how long the part is (no `duration`, never reported). */
  duration: number | undefined;
}

/** Each part's watched seconds and length, in the lesson's order. */
export function lessonParts(
  lesson: Pick<Lesson, 'videos'>,
  rows: ReadonlyMap<string, Pick<WatchRow, 'watchedSeconds' | 'duration'>>,
  source: DurationSource,
): PartShare[] {
  return lesson.videos.map((video) => {
    const row = rows.get(video.code);
    return {
      watchedSeconds: row?.watchedSeconds ?? 0,
      duration: knownDuration(video, source) ?? row?.duration,
    };
  });
}

/**
 * The lesson's watched share (0–1): watched seconds of all parts over their total length. A
 * part of unknown length (never reported, no `duration`) weighs as much as the average known
 * part, so watching one part of two never reads as the whole lesson. 0 for a lesson without video.
 */
export function watchedShareOf(parts: readonly PartShare[]): number {
  if (!parts.length) return 0;
  const known = parts.filter(
    (p): p is PartShare & { duration: number } => p.duration !== undefined && p.duration > 0,
  );
  if (!known.length) return 0;
  const average = known.reduce((sum, p) => sum + p.duration, 0) / known.length;
  const total =
    known.reduce((sum, p) => sum + p.duration, 0) + (parts.length - known.length) * average;
  const watched = known.reduce((sum, p) => sum + Math.min(p.watchedSeconds, p.duration), 0);
  return Math.min(1, Math.max(0, watched / total));
}

/** A part's own share (0–1). */
export function partShareOf(part: PartShare): number {
  return part.duration && part.duration > 0
    ? Math.min(1, Math.max(0, part.watchedSeconds / part.duration))
    : 0;
}

export { watchedPercent } from './percent.ts';

/** Every media code of the course: the rows that count (a code no longer in the course does not). */
function courseCodes(course: Course): string[] {
  return listLessons(course).flatMap((l) => l.videos.map((v) => v.code));
}

/** True when some lesson's rule reads watching: only then do the rules need the table. */
export function courseReadsWatching(course: Course): boolean {
  return listLessons(course).some((l) => l.watch.length > 0);
}

/** The stored rows of these students for the course's videos; `db` may be a transaction. */
export async function loadWatchRows(
  db: Db,
  t: Tables,
  course: Course,
  userIds: readonly number[],
): Promise<WatchRow[]> {
  const codes = courseCodes(course);
  if (!codes.length || !userIds.length) return [];
  const columns = {
    userId: t.watchProgress.userId,
    mediaCode: t.watchProgress.mediaCode,
    watchedSeconds: t.watchProgress.watchedSeconds,
    duration: t.watchProgress.duration,
  };
  const where =
    userIds.length === 1
      ? and(eq(t.watchProgress.userId, userIds[0]!), inArray(t.watchProgress.mediaCode, codes))
      : and(
          inArray(t.watchProgress.userId, [...userIds]),
          inArray(t.watchProgress.mediaCode, codes),
        );
  return db.select(columns).from(t.watchProgress).where(where);
}

/** Slug → watched share for one student's rows (lessons without video are left out). */
export function watchedShares(
  course: Course,
  rows: readonly WatchRow[],
  source: DurationSource,
): Map<string, number> {
  const byCode = new Map(rows.map((r) => [r.mediaCode, r]));
  const out = new Map<string, number>();
  for (const lesson of listLessons(course)) {
    if (lesson.videos.length)
      out.set(lesson.slug, watchedShareOf(lessonParts(lesson, byCode, source)));
  }
  return out;
}

/** Slug → watched share for one student. */
export async function loadWatchedShares(
  database: Database,
  course: Course,
  userId: number,
  source: DurationSource,
): Promise<Map<string, number>> {
  return watchedShares(
    course,
    await loadWatchRows(database.db, database.t, course, [userId]),
    source,
  );
}

/** User id → (slug → watched share), for many students at once; `db` may be a transaction (the sync, the scheduler). */
export async function loadWatchedSharesFor(
  db: Db,
  t: Tables,
  course: Course,
  userIds: readonly number[],
  source: DurationSource,
): Promise<Map<number, Map<string, number>>> {
  const rows = await loadWatchRows(db, t, course, userIds);
  const byUser = new Map<number, WatchRow[]>(userIds.map((id) => [id, []]));
  for (const row of rows) byUser.get(row.userId)?.push(row);
  return new Map(userIds.map((id) => [id, watchedShares(course, byUser.get(id) ?? [], source)]));
}

/** The same for a database (/admin). */
export async function loadWatchedSharesByUser(
  database: Database,
  course: Course,
  userIds: readonly number[],
  source: DurationSource,
): Promise<Map<number, Map<string, number>>> {
  return loadWatchedSharesFor(database.db, database.t, course, userIds, source);
}

/**
 * The share at which a lesson counts as watched, for /admin's "не досмотрели" and its
 * highlighting: the highest `watched:` a later lesson's rule (or `requires:`) asks of it, so
 * the filter follows the rule; all of it (1) while no rule reads its watching.
 */
export function watchTarget(course: Course, lesson: Pick<Lesson, 'slug'>): number {
  let target: number | undefined;
  for (const later of listLessons(course)) {
    for (const w of later.watch)
      if (w.lesson === lesson.slug) target = Math.max(target ?? 0, w.watched);
  }
  return target ?? 1;
}

/** Open, with video, and watched less than its target: what "не досмотрели" lists. */
export function isUnderWatched(
  course: Course,
  lesson: Lesson,
  open: boolean,
  share: number | undefined,
): boolean {
  return open && lesson.videos.length > 0 && (share ?? 0) < watchTarget(course, lesson) - 1e-9;
}
