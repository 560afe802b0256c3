import type { RouteHandler } from '#server/route-context.ts';
import { isStaff } from '#api/admin/staff.ts';
import { toPublicUser } from '#api/auth/users.ts';
import { getConfig } from '#api/config.ts';
import { HTTP, json, jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';

export const GET: RouteHandler = ({ locals }) =>
  locals.user
    ? json({ user: toPublicUser(locals.user), staff: isStaff(locals.user, getConfig()) })
    : jsonError(HTTP.unauthorized, 'unauthorized', ru.api.unauthorized);
