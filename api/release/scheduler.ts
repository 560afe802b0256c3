/**
 * Release dates, turned into unlocks when they come: one pass finds the (student, lesson) pairs
 * whose release instant fell between the last pass and now, computes those students' lessons
 * with the same rules as the gate, and records what is open (record-unlocks.ts) — so the bot's
 * unlock message goes through the same outbox, once. The bot worker runs a pass every minute
 * (bot/release-loop.ts); no query per student, and none at all about students whose date did
 * not come in that window.
 *
 * How far passes have got is `schedule_marks.release`. The first pass ever only sets it: dates
 * already past when this began send nothing (the sync records those lessons as it would any
 * other). A pass that dies leaves the mark where it was, so the next one does its window again;
 * recording is idempotent (a conditional update, a unique outbox row), so two passes at once, or
 * a pass after a crash, never write an unlock or a message twice.
 */
import { and, eq, gt, isNotNull, isNull, lt, lte, or } from 'drizzle-orm';
import { loadStudentBatchFacts } from '../access/batch-facts.ts';
import { recordUnlocks } from '../access/record-unlocks.ts';
import { currentWatchSource, studentStart, toStanding } from '../access/standing.ts';
import { computeStudentAccess, lessonReleaseAt, loadStepIds } from '../access/student-access.ts';
import type { CourseAudience } from '../config.ts';
import { listLessons } from '../course/load.ts';
import { zonedToInstant } from '../course/release.ts';
import type { Course, Lesson } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import type { DurationSource } from '../watch/shares.ts';

export const RELEASE_MARK = 'release';
const DAY_IN_MS = 86_400_000;
const BATCH = 200;

export interface ReleaseOptions {
  now: Date;
  /** TIME_ZONE. */
  timeZone: string;
  audience: CourseAudience;
  /** BOOMSTREAM_STAND_IN (the stand-in clip's length for parts nobody reported); default: the config's. */
  watchSource?: DurationSource;
}

export interface ReleasePass {
  /** The window dealt with: (since, until]; since is null on the first pass (only the mark was set). */
  since: Date | null;
  until: Date;
  /** Students whose lessons were computed. */
  students: number;
  /** "userId:slug" of every unlock this pass recorded. */
  unlocked: string[];
}

/** Lessons with a video and a release date: the only ones a date can open. */
function datedLessons(course: Course): Lesson[] {
  return listLessons(course).filter((l) => l.release && l.videos.length > 0);
}

/** Who may have a lesson whose date fell in (since, until]: one query per distinct `days_after_start`, or everyone on a calendar date. */
async function candidates(
  database: Database,
  lessons: readonly Lesson[],
  since: Date,
  until: Date,
  options: ReleaseOptions,
): Promise<number[]> {
  const { db, t } = database;
  const inWindow = (at: Date) => at.getTime() > since.getTime() && at.getTime() <= until.getTime();
  const everyone = lessons.some(
    (l) =>
      l.release!.availableFrom &&
      inWindow(zonedToInstant(l.release!.availableFrom, options.timeZone)),
  );
  if (everyone) {
    const rows =
      options.audience === 'roster'
        ? await db.select({ id: t.courseRoster.userId }).from(t.courseRoster)
        : await db.select({ id: t.users.id }).from(t.users);
    return rows.map((r) => r.id);
  }
  const ids = new Set<number>();
  for (const days of new Set(
    lessons.flatMap((l) => (l.release!.daysAfterStart ? [l.release!.daysAfterStart] : [])),
  )) {
    // start + days in (since, until]  ⇔  start in (since − days, until − days]; the start is the roster date, else the account's.
    const from = new Date(since.getTime() - days * DAY_IN_MS);
    const to = new Date(until.getTime() - days * DAY_IN_MS);
    const rows = await db
      .select({ id: t.users.id })
      .from(t.users)
      .leftJoin(t.courseRoster, eq(t.courseRoster.userId, t.users.id))
      .where(
        or(
          and(
            isNotNull(t.courseRoster.userId),
            gt(t.courseRoster.addedAt, from),
            lte(t.courseRoster.addedAt, to),
          ),
          and(
            isNull(t.courseRoster.userId),
            gt(t.users.createdAt, from),
            lte(t.users.createdAt, to),
          ),
        ),
      );
    for (const r of rows) ids.add(r.id);
  }
  return [...ids];
}

/** Computes one batch of students as the gate would at `until` and records what is open. */
async function recordBatch(
  database: Database,
  course: Course,
  stepIds: ReadonlyMap<number, number[]>,
  userIds: readonly number[],
  since: Date,
  until: Date,
  options: ReleaseOptions,
): Promise<string[]> {
  const { t } = database;
  return database.transaction(async (tx) => {
    const facts = await loadStudentBatchFacts(
      tx,
      t,
      course,
      userIds,
      options.watchSource ?? currentWatchSource(),
    );
    const recorded: string[] = [];
    for (const [userId, { user, progress, overrides, rosterAddedAt, watched }] of facts) {
      if (!user) continue;
      const start = studentStart({ rosterAddedAt, createdAt: user.createdAt });
      const standing = toStanding(
        {
          stepikUserId: user.stepikUserId,
          stepikMissingSince: user.stepikMissingSince,
          onRoster: rosterAddedAt !== null,
        },
        options.audience,
      );
      const items = computeStudentAccess(course, stepIds, progress, overrides, standing, {
        now: until,
        timeZone: options.timeZone,
        start,
        watched,
      });
      // A lesson without Stepik has nothing else to record its opening: its message goes when its own date came in this window.
      const dueNow = (lesson: Lesson) => {
        const at = lessonReleaseAt(lesson, start, options.timeZone);
        return at !== null && at.getTime() > since.getTime() && at.getTime() <= until.getTime();
      };
      recorded.push(
        ...(await recordUnlocks(tx, t, userId, items, until, { withoutStepik: dueNow })),
      );
    }
    return recorded;
  });
}

/** One pass up to `options.now`. */
export async function releaseDueLessons(
  database: Database,
  course: Course,
  options: ReleaseOptions,
): Promise<ReleasePass> {
  const { db, t } = database;
  const until = options.now;
  const [mark] = await db
    .select({ at: t.scheduleMarks.at })
    .from(t.scheduleMarks)
    .where(eq(t.scheduleMarks.name, RELEASE_MARK));
  if (!mark) {
    await db
      .insert(t.scheduleMarks)
      .values({ name: RELEASE_MARK, at: until })
      .onConflictDoNothing();
    return { since: null, until, students: 0, unlocked: [] };
  }
  const since = mark.at;
  if (until.getTime() <= since.getTime()) return { since, until, students: 0, unlocked: [] };
  const lessons = datedLessons(course);
  const userIds = lessons.length ? await candidates(database, lessons, since, until, options) : [];
  const unlocked: string[] = [];
  if (userIds.length) {
    const stepIds = await loadStepIds(database, course);
    for (let i = 0; i < userIds.length; i += BATCH)
      unlocked.push(
        ...(await recordBatch(
          database,
          course,
          stepIds,
          userIds.slice(i, i + BATCH),
          since,
          until,
          options,
        )),
      );
  }
  // Forward only: a slower pass that started earlier never moves it back.
  await db
    .update(t.scheduleMarks)
    .set({ at: until })
    .where(and(eq(t.scheduleMarks.name, RELEASE_MARK), lt(t.scheduleMarks.at, until)));
  return { since, until, students: userIds.length, unlocked };
}
