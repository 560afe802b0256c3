/**
 * GET /api/progress, as a function: every lesson's state for one student, with the reason of a
 * closed one and the watched share (0–1) of each lesson with video.
 */
import type { Config } from '../config.ts';
import type { Course } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import { loadWatchedShares } from '../watch/shares.ts';
import { loadStudentAccess, toProgressEntry, type ProgressEntry } from './student-access.ts';

export async function progressBody(
  database: Database,
  config: Pick<Config, 'boomstream' | 'courseAudience'>,
  course: Course,
  userId: number,
): Promise<{ lessons: (ProgressEntry & { watched?: number })[] }> {
  // Read once: the rules (`watched:`) and the entries' `watched` see the same shares.
  const watched = await loadWatchedShares(database, course, userId, config.boomstream);
  const lessons = await loadStudentAccess(database, course, userId, undefined, {
    watched,
    audience: config.courseAudience,
  });
  return {
    lessons: lessons.map((item) => ({
      ...toProgressEntry(item),
      ...(watched.has(item.lesson.slug) ? { watched: watched.get(item.lesson.slug) } : {}),
    })),
  };
}
