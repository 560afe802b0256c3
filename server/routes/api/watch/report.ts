import type { RouteHandler } from '#server/route-context.ts';
import { getConfig } from '#api/config.ts';
import { getCourse } from '#api/course/instance.ts';
import { getDatabase } from '#api/db/instance.ts';
import { HTTP, json, jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';
import { recordWatchReport } from '#api/watch/report.ts';

/**
 * The player's watched intervals. JSON whatever the Content-Type says: `navigator.sendBeacon`
 * sends a string as `text/plain` (with the cookie, and the Origin the router checks).
 */
export const POST: RouteHandler = async ({ locals, params, request }) => {
  if (!locals.user) return jsonError(HTTP.unauthorized, 'unauthorized', ru.api.unauthorized);
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return jsonError(HTTP.badRequest, 'bad_json', ru.api.badJson);
  }
  const answer = await recordWatchReport(
    getDatabase(),
    getConfig(),
    getCourse(),
    locals.user,
    params.lessonId ?? '',
    body,
  );
  return json(answer.body, answer.status);
};
