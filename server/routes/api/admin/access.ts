import type { RouteHandler } from '#server/route-context.ts';
import { clearOverrides, setOverrides } from '#api/access/overrides.ts';
import { backWithNotice, parseAccessForm } from '#api/admin/access-form.ts';
import { findUserById } from '#api/auth/users.ts';
import { revokeVideoAccess } from '#api/boomstream/grants.ts';
import { getConfig } from '#api/config.ts';
import { getCourse } from '#api/course/instance.ts';
import { getDatabase } from '#api/db/instance.ts';
import { HTTP, json, jsonError } from '#api/http.ts';

import { isFormPost, readBody, redirect } from '#server/lib/endpoint.ts';
import { staffActor, staffDeniedResponse, staffGuard } from '#api/admin/staff-guard.ts';

/** Per-cell grant / revoke / reset from the matrix. */
export const POST: RouteHandler = async ({ locals, request }) => {
  const guard = staffGuard(locals.user);
  if (!guard.ok) return staffDeniedResponse(guard.status);
  const form = parseAccessForm(getCourse(), await readBody(request));
  if (!form.ok) return jsonError(form.status, form.error, form.message);
  const { userId, lessons, action, back } = form;
  const database = getDatabase();
  const student = await findUserById(database, userId);
  if (!student) return jsonError(HTTP.notFound, 'user_not_found', `no user ${userId}`);
  if (action === 'reset') await clearOverrides(database, userId, lessons);
  else await setOverrides(database, { userId, lessons, action, actor: staffActor(guard.user) });
  if (action === 'revoke')
    await revokeVideoAccess(database, getConfig(), {
      userId,
      mediaCodes: lessons.flatMap((l) => l.videos.map((v) => v.code)),
    });
  return isFormPost(request) ? redirect(backWithNotice(back, 'changed')) : json({ ok: true });
};
