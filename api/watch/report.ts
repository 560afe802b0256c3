/**
 * POST /api/watch/:lessonId as a function: a batch of the player's watched intervals, per part
 * of an open lesson, checked whole before anything is stored, then merged into the stored union
 * no faster than the wall clock allows since that part's last report (./intervals.ts).
 *
 * Body: `{parts: [{part, intervals: [[from, to], …], duration}]}` — `part` is the index in the
 * lesson's `videos` (the gate's `parts` order), times in seconds of the video. Any bad field,
 * unknown part, closed lesson or duration that does not fit is a 4xx and nothing is stored.
 * A first report of a part (`intervals: []` is fine) starts its clock: the client sends one on play.
 *
 * Watching can open a lesson (`watched:` / `requires:`): once stored, the lessons whose rule
 * reads this lesson's watching (and those after them by `after_previous`) are computed as the
 * gate would and recorded open through record-unlocks.ts — so the bot's message goes out once,
 * through the outbox, whoever records first (this, the sync, the scheduler). The answer's
 * `opened` lists the slugs this report recorded.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { findLesson } from '../course/instance.ts';
import { MAX_VIDEO_SECONDS, type Course, type Lesson } from '../course/schema.ts';
import type { Database, Db } from '../db/client.ts';
import type { UserRow } from '../auth/users.ts';
import { HTTP } from '../http.ts';
import { ru } from '../i18n/ru.ts';
import { lessonOpenRecord } from '../access/open-record.ts';
import { recordUnlocks } from '../access/record-unlocks.ts';
import { currentAudience } from '../access/standing.ts';
import { loadStudentAccess } from '../access/student-access.ts';
import { listLessons } from '../course/load.ts';
import { addReport, totalSeconds, type Interval } from './intervals.ts';
import {
  knownDuration,
  lessonParts,
  partShareOf,
  watchedShareOf,
  type DurationSource,
} from './shares.ts';

/** Pairs per part in one report: far above what a real session produces (every seek starts one). */
export const MAX_INTERVALS_PER_PART = 1_000;
/** A player's last `time` may run a little past the duration it reported. */
const PAST_END_TOLERANCE_IN_SECONDS = 1;

/** How far a reported duration may be from the known one: players round differently. */
export function durationFits(reported: number, known: number): boolean {
  return Math.abs(reported - known) <= Math.max(2, known * 0.02);
}

export interface PartReport {
  part: number;
  intervals: Interval[];
  duration: number;
}

export type WatchAnswer =
  | { status: 200; body: WatchResult }
  | { status: 400 | 403 | 404 | 422; body: { error: string; message: string } };

export interface WatchResult {
  lessonId: number | string;
  slug: string;
  /** The lesson's watched share (0–1), its parts together. */
  watched: number;
  parts: { part: number; watched: number; watchedSeconds: number; duration: number | null }[];
  /** Slugs of the lessons this report opened (recorded now); usually empty. */
  opened: string[];
}

const fail = (status: 400 | 403 | 404 | 422, error: string, message: string): WatchAnswer => ({
  status,
  body: { error, message },
});

function isTime(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= 0 &&
    value <= MAX_VIDEO_SECONDS + PAST_END_TOLERANCE_IN_SECONDS
  );
}

/** The body's shape, checked against the lesson's parts; the first problem found is the answer. */
export function parseWatchBody(
  body: unknown,
  partsCount: number,
): { ok: true; parts: PartReport[] } | { ok: false; answer: WatchAnswer } {
  const bad = (message: string) => ({
    ok: false as const,
    answer: fail(HTTP.badRequest, 'bad_report', ru.watch.badReport(message)),
  });
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return bad('ожидался объект {parts: [...]}');
  const parts = (body as { parts?: unknown }).parts;
  if (!Array.isArray(parts) || parts.length === 0)
    return bad('parts: нужен непустой список частей');
  if (parts.length > partsCount)
    return { ok: false, answer: fail(HTTP.badRequest, 'unknown_part', ru.watch.unknownPart) };
  const out: PartReport[] = [];
  for (const [i, entry] of parts.entries()) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      return bad(`parts[${i}]: нужен объект {part, intervals, duration}`);
    const { part, intervals, duration } = entry as Record<string, unknown>;
    if (typeof part !== 'number' || !Number.isInteger(part))
      return bad(`parts[${i}].part: нужен номер части (0, 1, …)`);
    if (part < 0 || part >= partsCount)
      return { ok: false, answer: fail(HTTP.badRequest, 'unknown_part', ru.watch.unknownPart) };
    if (out.some((p) => p.part === part))
      return bad(`parts[${i}].part: часть ${part} указана дважды`);
    if (
      typeof duration !== 'number' ||
      !Number.isFinite(duration) ||
      duration <= 0 ||
      duration > MAX_VIDEO_SECONDS
    ) {
      return { ok: false, answer: fail(HTTP.unprocessable, 'bad_duration', ru.watch.badDuration) };
    }
    if (!Array.isArray(intervals) || intervals.length > MAX_INTERVALS_PER_PART)
      return bad(
        `parts[${i}].intervals: нужен список пар [от, до], не больше ${MAX_INTERVALS_PER_PART}`,
      );
    const pairs: Interval[] = [];
    for (const [j, pair] of intervals.entries()) {
      if (
        !Array.isArray(pair) ||
        pair.length !== 2 ||
        !isTime(pair[0]) ||
        !isTime(pair[1]) ||
        pair[1] < pair[0]
      ) {
        return bad(`parts[${i}].intervals[${j}]: нужна пара секунд [от, до], от ≤ до`);
      }
      if (pair[1] > duration + PAST_END_TOLERANCE_IN_SECONDS)
        return { ok: false, answer: fail(HTTP.unprocessable, 'bad_duration', ru.watch.pastTheEnd) };
      pairs.push([pair[0], pair[1]]);
    }
    out.push({ part, intervals: pairs, duration });
  }
  return { ok: true, parts: out };
}

/** Is this lesson open for this student, as the gate would answer? */
async function isOpenFor(
  database: Database,
  course: Course,
  userId: number,
  lesson: Lesson,
): Promise<boolean> {
  if ((await lessonOpenRecord(database, userId, lesson, currentAudience())) === 'open') return true;
  const item = (await loadStudentAccess(database, course, userId)).find(
    (l) => l.lesson.slug === lesson.slug,
  );
  return Boolean(item?.access.open);
}

interface StoredRow {
  mediaCode: string;
  intervals: [number, number][];
  watchedSeconds: number;
  duration: number;
  lastReportAt: Date;
}

/** Another request wrote the same row between our read and our write: run the batch again. */
class LostRace extends Error {}

async function readRows(
  tx: Db,
  database: Database,
  userId: number,
  codes: readonly string[],
): Promise<Map<string, StoredRow>> {
  const { t } = database;
  const rows = await Promise.all(
    codes.map((code) =>
      tx
        .select({
          mediaCode: t.watchProgress.mediaCode,
          intervals: t.watchProgress.intervals,
          watchedSeconds: t.watchProgress.watchedSeconds,
          duration: t.watchProgress.duration,
          lastReportAt: t.watchProgress.lastReportAt,
        })
        .from(t.watchProgress)
        .where(and(eq(t.watchProgress.userId, userId), eq(t.watchProgress.mediaCode, code))),
    ),
  );
  return new Map(rows.flat().map((r) => [r.mediaCode, r]));
}

export interface WatchOptions {
  now?: Date;
}

export async function recordWatchReport(
  database: Database,
  config: Pick<Config, 'boomstream'>,
  course: Course,
  user: Pick<UserRow, 'id'>,
  lessonApiIdParam: string,
  body: unknown,
  options: WatchOptions = {},
): Promise<WatchAnswer> {
  const lesson = findLesson(course, lessonApiIdParam);
  if (!lesson) return fail(HTTP.notFound, 'lesson_not_found', ru.api.lessonNotFound);
  if (!lesson.videos.length) return fail(HTTP.notFound, 'no_video', ru.api.noVideo);
  const parsed = parseWatchBody(body, lesson.videos.length);
  if (!parsed.ok) return parsed.answer;
  if (!(await isOpenFor(database, course, user.id, lesson)))
    return fail(HTTP.forbidden, 'locked', ru.watch.locked);

  const source: DurationSource = { standIn: config.boomstream.standIn };
  const now = options.now ?? new Date();
  const { t } = database;
  for (let attempt = 0; ; attempt++) {
    try {
      const outcome = await database.transaction(async (tx) => {
        const stored = await readRows(
          tx,
          database,
          user.id,
          lesson.videos.map((v) => v.code),
        );
        // Every part is checked before the first write: one that does not fit stores nothing.
        const plans: {
          code: string;
          duration: number;
          previous: StoredRow | undefined;
          intervals: Interval[];
        }[] = [];
        for (const report of parsed.parts) {
          const video = lesson.videos[report.part]!;
          const previous = stored.get(video.code);
          const expected = knownDuration(video, source) ?? previous?.duration;
          if (expected !== undefined && !durationFits(report.duration, expected))
            return fail(HTTP.unprocessable, 'duration_mismatch', ru.watch.durationMismatch);
          const duration = expected ?? report.duration;
          if (report.intervals.some(([, end]) => end > duration + PAST_END_TOLERANCE_IN_SECONDS))
            return fail(HTTP.unprocessable, 'bad_duration', ru.watch.pastTheEnd);
          // The first report has no clock to measure against: only the slack is credited.
          const elapsed = previous ? (now.getTime() - previous.lastReportAt.getTime()) / 1000 : 0;
          const update = addReport(previous?.intervals ?? [], report.intervals, duration, elapsed);
          plans.push({ code: video.code, duration, previous, intervals: update.intervals });
        }
        for (const plan of plans) {
          const values = {
            intervals: plan.intervals.map(([s, e]): [number, number] => [s, e]),
            watchedSeconds: totalSeconds(plan.intervals),
            duration: plan.duration,
            lastReportAt: now,
            lessonSlug: lesson.slug,
            updatedAt: now,
          };
          const written = plan.previous
            ? await tx
                .update(t.watchProgress)
                .set(values)
                .where(
                  and(
                    eq(t.watchProgress.userId, user.id),
                    eq(t.watchProgress.mediaCode, plan.code),
                    eq(t.watchProgress.lastReportAt, plan.previous.lastReportAt),
                  ),
                )
                .returning({ userId: t.watchProgress.userId })
            : await tx
                .insert(t.watchProgress)
                .values({ userId: user.id, mediaCode: plan.code, createdAt: now, ...values })
                .onConflictDoNothing()
                .returning({ userId: t.watchProgress.userId });
          if (!written.length) throw new LostRace();
        }
        return null;
      });
      if (outcome) return outcome;
      break;
    } catch (error) {
      if (!(error instanceof LostRace) || attempt >= 4) throw error;
    }
  }
  const opened = await recordOpenedByWatching(database, course, user.id, lesson, source, now);
  return {
    status: HTTP.ok,
    body: { ...(await watchResult(database, source, user.id, lesson)), opened },
  };
}

/**
 * The lessons whose opening can follow from watching this one: those whose rule reads its
 * watching, and after each of them the lessons that need only the previous one open
 * (`after_previous`), in course order. Empty for the common lesson nobody's rule watches.
 */
export function lessonsOpenedByWatching(
  course: Course,
  watched: Pick<Lesson, 'slug'>,
): Set<string> {
  const slugs = new Set<string>();
  let previous: Lesson | undefined;
  for (const lesson of listLessons(course)) {
    const readsIt = lesson.watch.some((w) => w.lesson === watched.slug);
    const follows =
      previous !== undefined &&
      slugs.has(previous.slug) &&
      'after_previous' in lesson.unlock &&
      lesson.unlock.after_previous === true;
    if (readsIt || follows) slugs.add(lesson.slug);
    previous = lesson;
  }
  return slugs;
}

/** Computes the student's access with what is now stored and records what watching opened; the slugs recorded. */
async function recordOpenedByWatching(
  database: Database,
  course: Course,
  userId: number,
  lesson: Lesson,
  source: DurationSource,
  now: Date,
): Promise<string[]> {
  const candidates = lessonsOpenedByWatching(course, lesson);
  if (!candidates.size) return [];
  const items = (
    await loadStudentAccess(database, course, userId, undefined, { now, watchSource: source })
  ).filter((item) => candidates.has(item.lesson.slug));
  // Nothing open by the rules and not yet recorded (a recorded one reads `unlocked`): no transaction.
  if (!items.some((item) => item.access.reason === 'rule')) return [];
  const { t } = database;
  // A lesson without a Stepik lesson gets its message only when watching is what opened it.
  const recorded = await database.transaction((tx) =>
    recordUnlocks(tx, t, userId, items, now, { withoutStepik: (l) => candidates.has(l.slug) }),
  );
  return recorded.map((key) => key.slice(key.indexOf(':') + 1));
}

/** The lesson's watched share and each part's, as stored now. */
async function watchResult(
  database: Database,
  source: DurationSource,
  userId: number,
  lesson: Lesson,
): Promise<Omit<WatchResult, 'opened'>> {
  const { db, t } = database;
  const rows = await db
    .select({
      mediaCode: t.watchProgress.mediaCode,
      watchedSeconds: t.watchProgress.watchedSeconds,
      duration: t.watchProgress.duration,
    })
    .from(t.watchProgress)
    .where(
      and(
        eq(t.watchProgress.userId, userId),
        inArray(
          t.watchProgress.mediaCode,
          lesson.videos.map((v) => v.code),
        ),
      ),
    );
  const parts = lessonParts(lesson, new Map(rows.map((r) => [r.mediaCode, r])), source);
  return {
    lessonId: lesson.stepikLessonId ?? lesson.slug,
    slug: lesson.slug,
    watched: watchedShareOf(parts),
    parts: parts.map((p, part) => ({
      part,
      watched: partShareOf(p),
      watchedSeconds: p.watchedSeconds,
      duration: p.duration ?? null,
    })),
  };
}
