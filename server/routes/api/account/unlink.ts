import type { RouteHandler } from '#server/route-context.ts';
import { toPublicUser, unlinkIdentity, type IdentityKind } from '#api/auth/users.ts';
import { getDatabase } from '#api/db/instance.ts';
import { HTTP, json, jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';
import { isFormPost, readBody, redirect } from '#server/lib/endpoint.ts';

const KINDS: readonly IdentityKind[] = ['telegram', 'google', 'stepik'];

export const POST: RouteHandler = async ({ locals, request }) => {
  if (!locals.user) return jsonError(HTTP.unauthorized, 'unauthorized', ru.api.unauthorized);
  const body = await readBody(request);
  const kind = body?.kind;
  if (typeof kind !== 'string' || !KINDS.includes(kind as IdentityKind))
    return jsonError(HTTP.badRequest, 'malformed', ru.auth.link.notLinked);
  const result = await unlinkIdentity(getDatabase(), locals.user.id, kind as IdentityKind);
  if (isFormPost(request))
    return redirect(result.ok ? '/cabinet?notice=unlinked' : `/cabinet?error=${result.error}`);
  return result.ok
    ? json({ user: toPublicUser(result.user) })
    : jsonError(HTTP.conflict, result.error, result.message);
};
