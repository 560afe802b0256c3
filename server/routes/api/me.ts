import type { RouteHandler } from '../../route-context.ts';
import { toPublicUser } from '../../../api/auth/users.ts';
import { HTTP, json, jsonError } from '../../../api/http.ts';
import { ru } from '../../../api/i18n/ru.ts';


export const GET: RouteHandler = ({ locals }) =>
  locals.user ? json({ user: toPublicUser(locals.user) }) : jsonError(HTTP.unauthorized, 'unauthorized', ru.api.unauthorized);
