/**
 * GET /api/lessons/:lessonId/video, as a function: the lesson's players for a student whose
 * lesson is open — from our database only — or why not. No media code leaves unless open.
 */
import type { Config } from '../config.ts';
import { findLesson } from '../course/instance.ts';
import { stepikLessonUrl } from '../course/public.ts';
import type { Course, Lesson } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import { HTTP } from '../http.ts';
import { ru } from '../i18n/ru.ts';
import type { UserRow } from '../auth/users.ts';
import { ensureVideoAccess } from '../boomstream/grants.ts';
import { playerOrigin } from '../boomstream/player.ts';
import { lessonOpenRecord, type OpenRecord } from './open-record.ts';
import type { ClosedReason } from './rules.ts';
import { lessonReasonText } from './lesson-reason.ts';
import { keepAnswer, keptAnswer, keptAnswerKey } from './kept-answers.ts';
import { loadLessonAccess, type StoredRead } from './snapshot.ts';
import { closedReasonOf, reasonDetails, type ReasonDetails } from './student-access.ts';

export type GateAnswer =
  | {
      status: 200;
      body: { unlocked: true; parts: { title: string; embedUrl: string }[]; playerOrigin: string };
    }
  | {
      status: 403;
      body: {
        unlocked: false;
        reason: ClosedReason;
        stepsPassed: number;
        stepsTotal: number;
        stepikUrl: string | null;
        error: 'locked';
        message: string;
      } & ReasonDetails;
    }
  | { status: 404; body: { error: 'lesson_not_found' | 'no_video'; message: string } }
  | { status: 503; body: { error: 'video_unavailable'; message: string } };

type GateConfig = Pick<
  Config,
  'boomstream' | 'appSecret' | 'appOrigin' | 'courseAudience' | 'timeZone'
>;

export async function answerVideoGate(
  database: Database,
  config: GateConfig,
  course: Course,
  user: Pick<UserRow, 'id' | 'email'>,
  lessonApiId: string,
): Promise<GateAnswer> {
  const lesson = findLesson(course, lessonApiId);
  if (!lesson)
    return {
      status: HTTP.notFound,
      body: { error: 'lesson_not_found', message: ru.api.lessonNotFound },
    };
  if (!lesson.videos.length)
    return { status: HTTP.notFound, body: { error: 'no_video', message: ru.api.noVideo } };
  // Open by record (the common case at a course launch): point lookups only.
  const record = await lessonOpenRecord(database, user.id, lesson, config.courseAudience);
  return answerByRecord(database, config, course, user, lesson, record);
}

/**
 * The gate's answer for a lesson with video once its record is known: open by record, the
 * players; otherwise the full computation, which opens it by the rules or says why not.
 */
export async function answerByRecord(
  database: Database,
  config: GateConfig,
  course: Course,
  user: Pick<UserRow, 'id' | 'email'>,
  lesson: Lesson,
  record: OpenRecord,
  /** What the caller's statement already read of the lesson's stored decision (open-answer.ts). */
  stored?: StoredRead,
): Promise<GateAnswer> {
  // Not open by record: the stored decision while it holds (snapshot.ts), else the rules.
  const item =
    record === 'open'
      ? null
      : await loadLessonAccess(database, course, config, user.id, lesson, undefined, stored);
  if (item && !item.access.open) {
    return {
      status: HTTP.forbidden,
      body: {
        unlocked: false,
        reason: closedReasonOf(item)!,
        stepsPassed: item.access.stepsPassed,
        stepsTotal: item.access.stepsTotal,
        stepikUrl: lesson.stepikLessonId === null ? null : stepikLessonUrl(lesson.stepikLessonId),
        // not_yet: availableAt (ISO) and its words; watch: which lesson's videos and how much.
        ...reasonDetails(item),
        error: 'locked',
        // The sentence for the reason, so a client that knows no reasons still says why.
        message: lessonReasonText(course, item)?.sentence ?? ru.api.locked,
      },
    };
  }
  // Parts in parallel: with a Boomstream API key each may wait on Boomstream once.
  const access = await Promise.all(
    lesson.videos.map((video) =>
      ensureVideoAccess(database, config, {
        userId: user.id,
        email: user.email,
        mediaCode: video.code,
      }),
    ),
  );
  // One part without access is the whole lesson unavailable: a half-playable lesson would hide it.
  if (access.some((a) => 'unavailable' in a))
    return {
      status: HTTP.serviceUnavailable,
      body: { error: 'video_unavailable', message: ru.api.videoUnavailable },
    };
  const parts = lesson.videos.map((video, i) => ({
    title: video.title,
    embedUrl: (access[i] as { embedUrl: string }).embedUrl,
  }));
  // The page accepts player events (watch tracking) from this origin only.
  return { status: HTTP.ok, body: { unlocked: true, parts, playerOrigin: playerOrigin(config) } };
}

/** answerByRecord with the body as JSON text (the server's lane), and as UTF-8 when kept. */
export async function answerTextByRecord(
  ...args: Parameters<typeof answerByRecord>
): Promise<{ status: number; body: string; bytes?: Buffer }> {
  const [, config, course, , lesson, record, stored] = args;
  const asText = (answer: GateAnswer) => ({
    status: answer.status,
    body: JSON.stringify(answer.body),
  });
  if (record === 'open' || stored?.text === undefined) return asText(await answerByRecord(...args));
  // A closed answer by this lesson's stored decision (kept-answers.ts).
  const key = keptAnswerKey(lesson.slug, stored.text);
  const known = keptAnswer(config, course, key);
  if (known) return { status: HTTP.forbidden, ...known };
  const answer = asText(await answerByRecord(...args));
  if (answer.status !== HTTP.forbidden) return answer;
  return { status: answer.status, ...keepAnswer(config, course, key, answer.body) };
}
