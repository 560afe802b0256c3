import type { RouteHandler } from '#server/route-context.ts';
import { issueLinkInvite } from '#api/auth/link-invites.ts';
import { getConfig } from '#api/config.ts';
import { getDatabase } from '#api/db/instance.ts';
import { HTTP, json, jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';
import { isFormPost, redirect } from '#server/lib/endpoint.ts';

/** POST /api/link/stepik, /api/link/telegram: a one-time link for the signed-in student (api/auth/link-invites.ts). */
export const POST: RouteHandler = async ({ locals, params, request }) => {
  if (!locals.user) return jsonError(HTTP.unauthorized, 'unauthorized', ru.api.unauthorized);
  const answer = await issueLinkInvite(getDatabase(), getConfig(), locals.user, params.kind ?? '');
  // The cabinet's plain form goes straight on to the link (t.me or the Stepik page).
  if (isFormPost(request) && answer.status === HTTP.ok) return redirect(String(answer.body.url));
  return json(answer.body, answer.status);
};
