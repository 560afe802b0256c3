import type { RouteHandler } from '../../route-context.ts';
import { loadStudentAccess, toProgressEntry } from '../../../api/access/student-access.ts';
import { getCourse } from '../../../api/course/instance.ts';
import { getDatabase } from '../../../api/db/instance.ts';
import { HTTP, json, jsonError } from '../../../api/http.ts';
import { ru } from '../../../api/i18n/ru.ts';


export const GET: RouteHandler = async ({ locals }) => {
  if (!locals.user) return jsonError(HTTP.unauthorized, 'unauthorized', ru.api.unauthorized);
  const lessons = await loadStudentAccess(getDatabase(), getCourse(), locals.user.id);
  return json({ lessons: lessons.map((item) => toProgressEntry(item)) });
};
