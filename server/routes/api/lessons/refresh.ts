import type { RouteHandler } from '#server/route-context.ts';
import { getCourse } from '#api/course/instance.ts';
import { getDatabase } from '#api/db/instance.ts';
import { HTTP, json, jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';
import { refreshStudent } from '#api/sync/refresh-student.ts';
import { getStepikSource } from '#api/sync/stepik-source.ts';

export const POST: RouteHandler = async ({ locals, params }) => {
  if (!locals.user) return jsonError(HTTP.unauthorized, 'unauthorized', ru.api.unauthorized);
  const answer = await refreshStudent(
    getDatabase(),
    getCourse(),
    getStepikSource(),
    locals.user,
    params.lessonId ?? '',
  );
  return json(answer.body, answer.status, answer.headers);
};
