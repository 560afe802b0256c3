import type { RouteHandler } from '#server/route-context.ts';
import { answerVideoGate } from '#api/access/video-gate.ts';
import { getConfig } from '#api/config.ts';
import { getCourse } from '#api/course/instance.ts';
import { getDatabase } from '#api/db/instance.ts';
import { HTTP, json, jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';

export const GET: RouteHandler = async ({ locals, params }) => {
  if (!locals.user) return jsonError(HTTP.unauthorized, 'unauthorized', ru.api.unauthorized);
  const answer = await answerVideoGate(
    getDatabase(),
    getConfig(),
    getCourse(),
    locals.user,
    params.lessonId ?? '',
  );
  return json(answer.body, answer.status);
};
