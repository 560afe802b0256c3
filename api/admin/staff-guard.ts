/** The guard every /admin route starts with: 401 for nobody, 403 for a student. */
import { isStaff } from './staff.ts';
import { getConfig } from '../config.ts';
import { HTTP, jsonError } from '../http.ts';
import { ru } from '../i18n/ru.ts';
import type { UserRow } from '../auth/users.ts';

export function staffGuard(
  user: UserRow | null,
): { ok: true; user: UserRow } | { ok: false; status: number } {
  if (!user) return { ok: false, status: HTTP.unauthorized };
  if (!isStaff(user, getConfig())) return { ok: false, status: HTTP.forbidden };
  return { ok: true, user };
}

export function staffActor(user: UserRow): string {
  return user.email ?? `telegram:${user.telegramId ?? user.id}`;
}

/** The JSON answer for an admin endpoint's caller who is not staff. */
export function staffDeniedResponse(status: number): Response {
  return status === HTTP.unauthorized
    ? jsonError(status, 'unauthorized', ru.api.unauthorized)
    : jsonError(status, 'forbidden', ru.site.admin.forbidden);
}
