/**
 * The bot worker's release scheduler: a pass of api/release/scheduler.ts every minute, so a
 * lesson whose release date comes is recorded open and its "video open" message queued in the
 * outbox the notifier sends from — once, across restarts (the mark and the outbox live in the
 * database). A failing pass (database down) is logged and tried again next time.
 */
import type { CourseAudience } from '#api/config.ts';
import type { Course } from '#api/course/schema.ts';
import type { Database } from '#api/db/client.ts';
import { describeError } from '#api/log/safe-error.ts';
import { releaseDueLessons } from '#api/release/scheduler.ts';
import { pause } from './pause.ts';

export const DEFAULT_RELEASE_INTERVAL_IN_MS = 60_000;

export interface ReleaseLoopOptions {
  database: Database;
  course: Course;
  timeZone: string;
  audience: CourseAudience;
  intervalInMs: number;
  signal: AbortSignal;
  now?: () => Date;
  log?: (line: string) => void;
}

export async function runReleaseLoop({
  database,
  course,
  timeZone,
  audience,
  intervalInMs,
  signal,
  now = () => new Date(),
  log = console.error,
}: ReleaseLoopOptions): Promise<void> {
  while (!signal.aborted) {
    try {
      const pass = await releaseDueLessons(database, course, { now: now(), timeZone, audience });
      if (pass.unlocked.length)
        log(
          `releases: ${pass.unlocked.length} lesson(s) opened by date for ${pass.students} student(s)`,
        );
    } catch (error) {
      log(`releases: pass failed: ${describeError(error)}`);
    }
    await pause(intervalInMs, signal);
  }
}
