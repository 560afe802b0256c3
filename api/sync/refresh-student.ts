/**
 * "Проверить снова": one student's progress fetched from Stepik now (one course-grades request
 * with the teacher token), at most once per 30 seconds per student.
 */
import { findLesson } from '../course/instance.ts';
import type { Course } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import { HTTP } from '../http.ts';
import { ru } from '../i18n/ru.ts';
import type { UserRow } from '../auth/users.ts';
import { consumeAttempt, throttleKey } from '../auth/throttle.ts';
import { REFRESH_POLICY } from './refresh-policy.ts';
import { loadStepIds, loadStudentAccess, toProgressEntry } from '../access/student-access.ts';
import { runSync } from './run.ts';
import { describeDatabaseError } from '../db/errors.ts';
import type { StepikSource } from './sources.ts';

export { REFRESH_POLICY } from './refresh-policy.ts';

export type RefreshAnswer = {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
};

export async function refreshStudent(
  database: Database,
  course: Course,
  source: StepikSource | null,
  user: UserRow,
  lessonApiId: string,
): Promise<RefreshAnswer> {
  const lesson = findLesson(course, lessonApiId);
  if (!lesson)
    return {
      status: HTTP.notFound,
      body: { error: 'lesson_not_found', message: ru.api.lessonNotFound },
    };
  if (user.stepikUserId === null)
    return {
      status: HTTP.conflict,
      body: { error: 'stepik_not_linked', message: ru.api.stepikNotLinked },
    };
  if (!source)
    return {
      status: HTTP.serviceUnavailable,
      body: { error: 'sync_not_configured', message: ru.api.syncNotConfigured },
    };
  const consumed = await consumeAttempt(
    database,
    throttleKey('refresh', String(user.id)),
    REFRESH_POLICY,
  );
  if (!consumed.allowed) {
    return {
      status: HTTP.tooManyRequests,
      body: { error: 'too_often', message: ru.api.refreshTooOften },
      headers: { 'Retry-After': String(consumed.retryAfterInSeconds) },
    };
  }
  try {
    await runSync(database, course, source, { stepikUserId: user.stepikUserId });
  } catch (error) {
    console.error(`refresh for user ${user.id} failed: ${describeDatabaseError(error)}`);
    return {
      status: HTTP.serviceUnavailable,
      body: { error: 'stepik_unavailable', message: ru.api.stepikUnavailable },
    };
  }
  // Fresh step ids (not the gate's short cache): the refresh may just have read the structure.
  const item = (
    await loadStudentAccess(database, course, user.id, await loadStepIds(database, course))
  ).find((l) => l.lesson.slug === lesson.slug)!;
  return { status: HTTP.ok, body: { ...toProgressEntry(item) } };
}
