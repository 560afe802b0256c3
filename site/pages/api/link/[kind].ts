import type { APIRoute } from 'astro';
import { issueLinkInvite } from '../../../../api/auth/link-invites.ts';
import { getConfig } from '../../../../api/config.ts';
import { getDatabase } from '../../../../api/db/instance.ts';
import { HTTP, json, jsonError } from '../../../../api/http.ts';
import { ru } from '../../../../api/i18n/ru.ts';

export const prerender = false;

/** POST /api/link/stepik, /api/link/telegram: a one-time link for the signed-in student (api/auth/link-invites.ts). */
export const POST: APIRoute = async ({ locals, params }) => {
  if (!locals.user) return jsonError(HTTP.unauthorized, 'unauthorized', ru.api.unauthorized);
  const answer = await issueLinkInvite(getDatabase(), getConfig(), locals.user, params.kind ?? '');
  return json(answer.body, answer.status);
};
