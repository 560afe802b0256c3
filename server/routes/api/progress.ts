import type { RouteHandler } from '#server/route-context.ts';
import { progressBody } from '#api/access/progress.ts';
import { getConfig } from '#api/config.ts';
import { getCourse } from '#api/course/instance.ts';
import { getDatabase } from '#api/db/instance.ts';
import { HTTP, json, jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';

export const GET: RouteHandler = async ({ locals }) => {
  if (!locals.user) return jsonError(HTTP.unauthorized, 'unauthorized', ru.api.unauthorized);
  return json(await progressBody(getDatabase(), getConfig(), getCourse(), locals.user.id));
};
