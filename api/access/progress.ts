/**
 * GET /api/progress, as a function: every lesson's state for one student, with the reason of a
 * closed one and the watched share (0–1) of each lesson with video.
 */
import type { Config } from '../config.ts';
import { listLessons } from '../course/load.ts';
import type { Course } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import {
  SETTLED_SESSION_COLUMNS,
  sessionIdOf,
  settledSessionQuery,
  settledStudentOf,
  whereSession,
  type SettledStudent,
} from '../auth/settled-session.ts';
import { preparedStatement } from '../db/prepared.ts';
import {
  loadAccessSnapshot,
  readSnapshotColumns,
  snapshotColumns,
  snapshotCourseKey,
  snapshotJoin,
  type StoredRead,
} from './snapshot.ts';
import { keepAnswer, keptAnswer, keptAnswerKey } from './kept-answers.ts';
import { toProgressEntry, type ProgressEntry } from './student-access.ts';

export async function progressBody(
  database: Database,
  config: Pick<Config, 'boomstream' | 'courseAudience' | 'timeZone'>,
  course: Course,
  userId: number,
  /** What the caller's statement already read of the stored decisions (`lookUpProgress`). */
  read?: StoredRead,
): Promise<{ lessons: (ProgressEntry & { watched?: number })[] }> {
  // The stored decisions while they hold (snapshot.ts), with the shares the rules saw.
  const { lessons, watched } = await loadAccessSnapshot(
    database,
    course,
    config,
    userId,
    undefined,
    read,
  );
  return {
    lessons: lessons.map((item) => ({
      ...toProgressEntry(item),
      ...(watched.has(item.lesson.slug) ? { watched: watched.get(item.lesson.slug) } : {}),
    })),
  };
}

/**
 * progressBody as JSON text, and as UTF-8 when kept: by the stored decisions it is made from
 * while they hold (the snapshot's text, `read`: kept-answers.ts). Two students with the same
 * decisions get the same body: it names lessons and states only, nobody.
 */
export async function progressText(
  database: Database,
  config: Pick<Config, 'boomstream' | 'courseAudience' | 'timeZone'>,
  course: Course,
  userId: number,
  read: StoredRead,
): Promise<{ body: string; bytes?: Buffer }> {
  const text = read.text;
  const key = text === undefined ? undefined : keptAnswerKey('@progress', text);
  const known = key === undefined ? undefined : keptAnswer(config, course, key);
  if (known) return known;
  const body = JSON.stringify(await progressBody(database, config, course, userId, read));
  // Only what the stored decisions alone made (not a computation the list could not give).
  const whole = Array.isArray(read.stored) && read.stored.length === listLessons(course).length;
  return key !== undefined && whole ? keepAnswer(config, course, key, body) : { body };
}

/**
 * The student of a cookie token with their stored decisions, in one statement (the progress
 * lane, before the router); null when the session is not settled (the router handles it).
 */
export async function lookUpProgress(
  database: Database,
  config: Pick<Config, 'boomstream' | 'courseAudience' | 'timeZone'>,
  course: Course,
  token: string,
  now: Date = new Date(),
): Promise<{ student: SettledStudent; read: StoredRead } | null> {
  const id = sessionIdOf(token);
  if (id === null) return null;
  const statement = preparedStatement(database, 'progress_snapshot', (database) =>
    database.prepareRows(
      settledSessionQuery(database, snapshotColumns(database, false))
        .leftJoin(...snapshotJoin(database))
        .where(whereSession(database))
        .getSQL(),
    ),
  );
  const [row] = await statement({ id });
  const student = row ? settledStudentOf(row, now) : null;
  if (!row || !student) return null;
  const key = snapshotCourseKey(course, config);
  return { student, read: readSnapshotColumns(row, SETTLED_SESSION_COLUMNS, key, now) };
}
