/**
 * How much of a lesson's video a student has watched: its parts together, weighted by length.
 * Read from `watch_progress` (written by ./report.ts); used by /api/progress, the cabinet, the
 * course tree, /admin and (for the `watched:` rule condition) the access rules.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { listLessons } from '../course/load.ts';
import type { Course, Lesson, VideoPart } from '../course/schema.ts';
import type { Database } from '../db/client.ts';

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
export function knownDuration(video: Pick<VideoPart, 'duration'>, source: DurationSource): number | undefined {
  return video.duration ?? (source.standIn ? STAND_IN_CLIP_SECONDS : undefined);
}

export interface PartShare {
  watchedSeconds: number;
  /** Undefined while nobody said how long the part is (no `duration`, never reported). */
  duration: number | undefined;
}

/** Each part's watched seconds and length, in the lesson's order. */
export function lessonParts(lesson: Pick<Lesson, 'videos'>, rows: ReadonlyMap<string, Pick<WatchRow, 'watchedSeconds' | 'duration'>>, source: DurationSource): PartShare[] {
  return lesson.videos.map((video) => {
    const row = rows.get(video.code);
    return { watchedSeconds: row?.watchedSeconds ?? 0, duration: knownDuration(video, source) ?? row?.duration };
  });
}

/**
 * The lesson's watched share (0–1): watched seconds of all parts over their total length. A
 * part of unknown length (never reported, no `duration`) weighs as much as the average known
 * part, so watching one part of two never reads as the whole lesson. 0 for a lesson without video.
 */
export function watchedShareOf(parts: readonly PartShare[]): number {
  if (!parts.length) return 0;
  const known = parts.filter((p): p is PartShare & { duration: number } => p.duration !== undefined && p.duration > 0);
  if (!known.length) return 0;
  const average = known.reduce((sum, p) => sum + p.duration, 0) / known.length;
  const total = known.reduce((sum, p) => sum + p.duration, 0) + (parts.length - known.length) * average;
  const watched = known.reduce((sum, p) => sum + Math.min(p.watchedSeconds, p.duration), 0);
  return Math.min(1, Math.max(0, watched / total));
}

/** A part's own share (0–1). */
export function partShareOf(part: PartShare): number {
  return part.duration && part.duration > 0 ? Math.min(1, Math.max(0, part.watchedSeconds / part.duration)) : 0;
}

export { watchedPercent } from './percent.ts';

/** Every media code of the course: the rows that count (a code no longer in the course does not). */
function courseCodes(course: Course): string[] {
  return listLessons(course).flatMap((l) => l.videos.map((v) => v.code));
}

/** The stored rows of these students for the course's videos. */
export async function loadWatchRows(database: Database, course: Course, userIds: readonly number[]): Promise<WatchRow[]> {
  const codes = courseCodes(course);
  if (!codes.length || !userIds.length) return [];
  const { db, t } = database;
  const columns = { userId: t.watchProgress.userId, mediaCode: t.watchProgress.mediaCode, watchedSeconds: t.watchProgress.watchedSeconds, duration: t.watchProgress.duration };
  const where = userIds.length === 1 ? and(eq(t.watchProgress.userId, userIds[0]!), inArray(t.watchProgress.mediaCode, codes)) : and(inArray(t.watchProgress.userId, [...userIds]), inArray(t.watchProgress.mediaCode, codes));
  return db.select(columns).from(t.watchProgress).where(where);
}

/** Slug → watched share for one student's rows (lessons without video are left out). */
export function watchedShares(course: Course, rows: readonly WatchRow[], source: DurationSource): Map<string, number> {
  const byCode = new Map(rows.map((r) => [r.mediaCode, r]));
  const out = new Map<string, number>();
  for (const lesson of listLessons(course)) {
    if (lesson.videos.length) out.set(lesson.slug, watchedShareOf(lessonParts(lesson, byCode, source)));
  }
  return out;
}

/** Slug → watched share for one student. */
export async function loadWatchedShares(database: Database, course: Course, userId: number, source: DurationSource): Promise<Map<string, number>> {
  return watchedShares(course, await loadWatchRows(database, course, [userId]), source);
}

/** User id → (slug → watched share), for many students at once (/admin). */
export async function loadWatchedSharesByUser(database: Database, course: Course, userIds: readonly number[], source: DurationSource): Promise<Map<number, Map<string, number>>> {
  const rows = await loadWatchRows(database, course, userIds);
  return new Map(userIds.map((id) => [id, watchedShares(course, rows.filter((r) => r.userId === id), source)]));
}

/**
 * The share at which a lesson counts as watched, for /admin's "не досмотрели": all of it (1)
 * while no rule asks for less. The `watched:` rule condition (issue 13, the rules) plugs in here.
 */
export function watchTarget(_course: Course, _lesson: Lesson): number {
  return 1;
}

/** Open, with video, and watched less than its target: what "не досмотрели" lists. */
export function isUnderWatched(course: Course, lesson: Lesson, open: boolean, share: number | undefined): boolean {
  return open && lesson.videos.length > 0 && (share ?? 0) < watchTarget(course, lesson) - 1e-9;
}
