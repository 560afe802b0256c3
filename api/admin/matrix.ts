/**
 * The staff's grid: students × lessons, each cell what the gate would answer and why. Computed
 * with the same rules as the gate (computeStudentAccess), from a few bulk queries.
 */
import { asc, count, desc, eq, inArray, like, ne, or, sql, type SQL } from 'drizzle-orm';
import { computeStudentAccess, loadStepIds, type StudentLesson } from '../access/student-access.ts';
import { ENROLLED, type Override } from '../access/rules.ts';
import { currentTimeZone, studentStart } from '../access/standing.ts';
import type { Course, Lesson } from '../course/schema.ts';
import { isUnderWatched, loadWatchedSharesFor, type DurationSource } from '../watch/shares.ts';
import type { Database } from '../db/client.ts';
import type { UserRow } from '../auth/users.ts';
import { MAX_INT32, parsePositiveInteger } from '../input/integers.ts';
import { withoutControlCharacters } from '../input/text.ts';

export interface MatrixRow {
  user: Pick<UserRow, 'id' | 'email' | 'firstName' | 'lastName' | 'stepikUserId' | 'telegramId'>;
  lessons: StudentLesson[];
  /** Slug → the share of its video watched (0–1), for lessons with video. */
  watched: Map<string, number>;
}

export interface MatrixPage {
  rows: MatrixRow[];
  total: number;
}

export interface MatrixQuery {
  search?: string;
  limit?: number;
  offset?: number;
  /** "не досмотрели": only students with one of these lessons open and its video watched less than its target. */
  notWatchedIn?: readonly Lesson[];
  /** For the lengths of parts nobody reported (the offline stand-in's clip). */
  durations?: DurationSource;
}

/** One page of accounts for the matrix, in its order (email, then id). */
function matrixUsers(database: Database, where: SQL | undefined, limit: number, offset: number) {
  const { db, t } = database;
  return db
    .select({
      id: t.users.id,
      email: t.users.email,
      firstName: t.users.firstName,
      lastName: t.users.lastName,
      stepikUserId: t.users.stepikUserId,
      telegramId: t.users.telegramId,
      createdAt: t.users.createdAt,
    })
    .from(t.users)
    .where(where)
    .orderBy(asc(t.users.email), asc(t.users.id))
    .limit(limit)
    .offset(offset);
}

function searchCondition(database: Database, search: string | undefined): SQL | undefined {
  // The page parses its query (matrix-query.ts); this guards every other caller too.
  const text = withoutControlCharacters(search ?? '')
    .trim()
    .toLowerCase();
  if (!text) return undefined;
  const { t } = database;
  const pattern = `%${text.replace(/[%_\\]/g, '')}%`;
  // Digits are also an id, but only one the column can hold: users.id is 32-bit on PostgreSQL,
  // the Stepik and Telegram ids 64-bit read as safe JS numbers; past that, text search only.
  const numeric = parsePositiveInteger(text);
  const ids =
    numeric === null
      ? []
      : [
          ...(numeric <= MAX_INT32 ? [eq(t.users.id, numeric)] : []),
          eq(t.users.stepikUserId, numeric),
          eq(t.users.telegramId, numeric),
        ];
  // lower() on both sides; SQLite lowers only ASCII, so a Cyrillic name matches as typed there.
  return or(
    like(t.users.email, pattern),
    like(sql`lower(${t.users.firstName})`, pattern),
    like(sql`lower(${t.users.lastName})`, pattern),
    ...ids,
  );
}

export async function loadMatrix(
  database: Database,
  course: Course,
  query: MatrixQuery = {},
  now: Date = new Date(),
  timeZone: string = currentTimeZone(),
): Promise<MatrixPage> {
  const clock = { now, timeZone };
  if (query.notWatchedIn) return loadNotWatched(database, course, query, query.notWatchedIn, clock);
  const { db, t } = database;
  const where = searchCondition(database, query.search);
  const [totalRow] = await db.select({ n: count() }).from(t.users).where(where);
  const users = await matrixUsers(database, where, query.limit ?? 50, query.offset ?? 0);
  return {
    rows: await matrixRows(database, course, users, clock, query.durations),
    total: Number(totalRow?.n ?? 0),
  };
}

type MatrixUser = MatrixRow['user'] & { createdAt: Date };

interface MatrixClock {
  now: Date;
  timeZone: string;
}

async function matrixRows(
  database: Database,
  course: Course,
  users: MatrixUser[],
  { now, timeZone }: MatrixClock,
  durations: DurationSource = { standIn: false },
): Promise<MatrixRow[]> {
  const { db, t } = database;
  const ids = users.map((u) => u.id);
  if (!ids.length) return [];
  const [progress, overrides, stepIds, roster, watched] = await Promise.all([
    db.select().from(t.lessonProgress).where(inArray(t.lessonProgress.userId, ids)),
    db.select().from(t.accessOverrides).where(inArray(t.accessOverrides.userId, ids)),
    loadStepIds(database, course),
    db
      .select({ userId: t.courseRoster.userId, addedAt: t.courseRoster.addedAt })
      .from(t.courseRoster)
      .where(inArray(t.courseRoster.userId, ids)),
    loadWatchedSharesFor(db, t, course, ids, durations),
  ]);
  const addedAt = new Map(roster.map((r) => [r.userId, r.addedAt]));
  return users.map(({ createdAt, ...user }) => ({
    user,
    lessons: computeStudentAccess(
      course,
      stepIds,
      progress.filter((p) => p.userId === user.id),
      new Map<string, Override>(
        overrides.filter((o) => o.userId === user.id).map((o) => [o.lessonSlug, o.action]),
      ),
      ENROLLED,
      {
        now,
        timeZone,
        start: studentStart({ rosterAddedAt: addedAt.get(user.id) ?? null, createdAt }),
        watched: watched.get(user.id) ?? new Map(),
      },
    ),
    watched: watched.get(user.id) ?? new Map(),
  }));
}

/**
 * The filtered matrix: whether a student belongs depends on computed access, so every student
 * the search finds is computed (in pages of 500) and the page is cut from those who remain.
 */
async function loadNotWatched(
  database: Database,
  course: Course,
  query: MatrixQuery,
  lessons: readonly Lesson[],
  clock: MatrixClock,
): Promise<MatrixPage> {
  const where = searchCondition(database, query.search);
  const kept: MatrixRow[] = [];
  for (let offset = 0; ; offset += 500) {
    const users = await matrixUsers(database, where, 500, offset);
    for (const row of await matrixRows(database, course, users, clock, query.durations)) {
      const underWatched = lessons.some((lesson) => {
        const item = row.lessons.find((l) => l.lesson.slug === lesson.slug);
        return (
          item !== undefined &&
          isUnderWatched(course, lesson, item.access.open, row.watched.get(lesson.slug))
        );
      });
      if (underWatched) kept.push(row);
    }
    if (users.length < 500) break;
  }
  const start = query.offset ?? 0;
  return { rows: kept.slice(start, start + (query.limit ?? 50)), total: kept.length };
}

export async function lastSyncRun(database: Database) {
  const { db, t } = database;
  // Whole-course runs only: a student's "Проверить снова" must not hide a failing cron job.
  const [run] = await db
    .select()
    .from(t.syncRuns)
    .where(ne(t.syncRuns.kind, 'student'))
    .orderBy(desc(t.syncRuns.startedAt), desc(t.syncRuns.id))
    .limit(1);
  return run;
}

export function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote always; a leading =,+,-,@ would be a formula in a spreadsheet.
  return `"${(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
}

/** Every student × every lesson, for a spreadsheet (UTF-8 with BOM so Excel reads Cyrillic). */
export async function matrixCsv(database: Database, course: Course): Promise<string> {
  const lessons = course.modules.flatMap((m) => m.lessons);
  const header = [
    'user_id',
    'email',
    'first_name',
    'last_name',
    'stepik_user_id',
    ...lessons.map((l) => l.slug),
  ];
  const lines = [header.map(csvCell).join(',')];
  for (let offset = 0; ; offset += 500) {
    const page = await loadMatrix(database, course, { limit: 500, offset });
    for (const row of page.rows) {
      const cells = row.lessons.map((item) => {
        const a = item.access;
        const state = a.open
          ? `open${item.unlockedAt ? ` ${item.unlockedAt.toISOString().slice(0, 10)}` : ''}`
          : 'closed';
        return `${state} ${a.stepsPassed}/${a.stepsTotal}${item.override ? ` (${item.override})` : ''}`;
      });
      lines.push(
        [
          row.user.id,
          row.user.email,
          row.user.firstName,
          row.user.lastName,
          row.user.stepikUserId,
          ...cells,
        ]
          .map(csvCell)
          .join(','),
      );
    }
    if (page.rows.length < 500) break;
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
