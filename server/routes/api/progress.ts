import type { RouteHandler } from '#server/route-context.ts';
import { loadStudentAccess, toProgressEntry } from '#api/access/student-access.ts';
import { getConfig } from '#api/config.ts';
import { getCourse } from '#api/course/instance.ts';
import { getDatabase } from '#api/db/instance.ts';
import { HTTP, json, jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';
import { loadWatchedShares } from '#api/watch/shares.ts';

export const GET: RouteHandler = async ({ locals }) => {
  if (!locals.user) return jsonError(HTTP.unauthorized, 'unauthorized', ru.api.unauthorized);
  const database = getDatabase();
  const course = getCourse();
  // Read once: the rules (`watched:`) and the entries' `watched` see the same shares.
  const watched = await loadWatchedShares(database, course, locals.user.id, getConfig().boomstream);
  const lessons = await loadStudentAccess(database, course, locals.user.id, undefined, { watched });
  // `watched` (0–1, the lesson's parts together) on every lesson with video.
  return json({
    lessons: lessons.map((item) => ({
      ...toProgressEntry(item),
      ...(watched.has(item.lesson.slug) ? { watched: watched.get(item.lesson.slug) } : {}),
    })),
  });
};
