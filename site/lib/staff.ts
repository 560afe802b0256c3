/** The guard every /admin route starts with: 401 for nobody, 403 for a student. */
import { isStaff } from '../../api/admin/staff.ts';
import { getConfig } from '../../api/config.ts';
import { HTTP } from '../../api/http.ts';
import type { UserRow } from '../../api/auth/users.ts';

export function staffGuard(user: UserRow | null): { ok: true; user: UserRow } | { ok: false; status: number } {
  if (!user) return { ok: false, status: HTTP.unauthorized };
  if (!isStaff(user, getConfig())) return { ok: false, status: HTTP.forbidden };
  return { ok: true, user };
}

export function staffActor(user: UserRow): string {
  return user.email ?? `telegram:${user.telegramId ?? user.id}`;
}
