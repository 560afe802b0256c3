/**
 * GET /api/progress, as a function: every lesson's state for one student, with the reason of a
 * closed one and the watched share (0–1) of each lesson with video.
 */
import type { Config } from '../config.ts';
import type { Course } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import { loadAccessSnapshot } from './snapshot.ts';
import { toProgressEntry, type ProgressEntry } from './student-access.ts';

export async function progressBody(
  database: Database,
  config: Pick<Config, 'boomstream' | 'courseAudience' | 'timeZone'>,
  course: Course,
  userId: number,
): Promise<{ lessons: (ProgressEntry & { watched?: number })[] }> {
  // The stored decisions while they hold (snapshot.ts), with the shares the rules saw.
  const { lessons, watched } = await loadAccessSnapshot(database, course, config, userId);
  return {
    lessons: lessons.map((item) => ({
      ...toProgressEntry(item),
      ...(watched.has(item.lesson.slug) ? { watched: watched.get(item.lesson.slug) } : {}),
    })),
  };
}
