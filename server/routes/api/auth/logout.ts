import type { RouteHandler } from '#server/route-context.ts';
import { invalidateSession } from '#api/auth/session.ts';
import { getConfig } from '#api/config.ts';
import { getDatabase } from '#api/db/instance.ts';
import { isFormPost, redirect } from '#server/lib/endpoint.ts';
import { clearSessionCookie } from '#api/auth/session-cookie.ts';

export const POST: RouteHandler = async ({ locals, cookies, request }) => {
  if (locals.session) await invalidateSession(getDatabase(), locals.session.id);
  clearSessionCookie(cookies, getConfig());
  return isFormPost(request) ? redirect('/') : new Response(null, { status: 204 });
};
