/**
 * GET /api/lessons/:lessonId/video, as a function: the lesson's players for a student whose
 * lesson is open — from our database only — or why not. No media code leaves unless open.
 */
import type { Config } from '../config.ts';
import { findLesson } from '../course/instance.ts';
import { stepikLessonUrl } from '../course/public.ts';
import type { Course } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import { HTTP } from '../http.ts';
import { ru } from '../i18n/ru.ts';
import type { UserRow } from '../auth/users.ts';
import { ensureVideoAccess } from '../boomstream/grants.ts';
import type { ClosedReason } from './rules.ts';
import { lessonReasonText } from './lesson-reason.ts';
import { closedReasonOf, loadStudentAccess } from './student-access.ts';

export type GateAnswer =
  | { status: 200; body: { unlocked: true; parts: { title: string; embedUrl: string }[] } }
  | { status: 403; body: { unlocked: false; reason: ClosedReason; stepsPassed: number; stepsTotal: number; stepikUrl: string | null; error: 'locked'; message: string } }
  | { status: 404; body: { error: 'lesson_not_found' | 'no_video'; message: string } };

export async function answerVideoGate(database: Database, config: Config, course: Course, user: UserRow, lessonApiId: string): Promise<GateAnswer> {
  const lesson = findLesson(course, lessonApiId);
  if (!lesson) return { status: HTTP.notFound, body: { error: 'lesson_not_found', message: ru.api.lessonNotFound } };
  if (!lesson.videos.length) return { status: HTTP.notFound, body: { error: 'no_video', message: ru.api.noVideo } };
  const item = (await loadStudentAccess(database, course, user.id)).find((l) => l.lesson.slug === lesson.slug)!;
  if (!item.access.open) {
    return {
      status: HTTP.forbidden,
      body: {
        unlocked: false,
        reason: closedReasonOf(item)!,
        stepsPassed: item.access.stepsPassed,
        stepsTotal: item.access.stepsTotal,
        stepikUrl: lesson.stepikLessonId === null ? null : stepikLessonUrl(lesson.stepikLessonId),
        error: 'locked',
        // The sentence for the reason, so a client that knows no reasons still says why.
        message: lessonReasonText(course, item)?.sentence ?? ru.api.locked,
      },
    };
  }
  // Parts in parallel: with a Boomstream API key each may wait on Boomstream once.
  const parts = await Promise.all(
    lesson.videos.map(async (video) => ({
      title: video.title,
      embedUrl: (await ensureVideoAccess(database, config, { userId: user.id, email: user.email, mediaCode: video.code })).embedUrl,
    })),
  );
  return { status: HTTP.ok, body: { unlocked: true, parts } };
}
