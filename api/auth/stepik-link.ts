/**
 * "Привязать Stepik" from where no session can follow (the Mini App, the bot): the one-time
 * stepik_link token opens /auth/stepik-link in any browser, is checked there, rides in the
 * OAuth flow cookie, and is spent at the callback — only once Stepik said who the student is,
 * so a refused or abandoned attempt leaves the link usable for its 10 minutes.
 */
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { HTTP } from '../http.ts';
import { ru } from '../i18n/ru.ts';
import { checkLinkToken, consumeLinkToken, type LinkTokenResult } from './link-tokens.ts';
import { isProviderConfigured, startOAuth, type OAuthFlow, type OAuthStart } from './oauth.ts';

export const STEPIK_LINK_PATH = '/auth/stepik-link';

export function stepikLinkUrl(appOrigin: string, token: string): string {
  return `${appOrigin}${STEPIK_LINK_PATH}?token=${encodeURIComponent(token)}`;
}

export interface LinkFailure {
  ok: false;
  status: number;
  title: string;
  message: string;
}

function failure(status: number, message: string): LinkFailure {
  return { ok: false, status, title: ru.linking.failedTitle, message };
}

/** A spent, stale or unknown token, or one for another student than the browser's. */
function refusal(result: LinkTokenResult, signedInUserId: number | undefined): LinkFailure | null {
  if (!result.ok)
    return failure(
      result.problem === 'unknown' ? HTTP.notFound : HTTP.gone,
      ru.linking.token[result.problem],
    );
  if (signedInUserId !== undefined && signedInUserId !== result.userId)
    return failure(HTTP.conflict, ru.linking.otherAccount);
  return null;
}

/** The student a link stands for, without spending it: the page asks "link to whom?" first. */
export async function checkStepikLink(
  database: Database,
  config: Config,
  token: string,
  signedInUserId?: number,
): Promise<{ ok: true; userId: number } | LinkFailure> {
  if (!isProviderConfigured(config, 'stepik'))
    return failure(HTTP.notFound, ru.auth.oauth.notConfigured);
  const result = await checkLinkToken(database, token, 'stepik_link');
  const refused = refusal(result, signedInUserId);
  return refused ?? (result.ok ? result : failure(HTTP.gone, ru.linking.token.used));
}

export async function startStepikLink(
  database: Database,
  config: Config,
  token: string,
  options: { origin: string; signedInUserId?: number },
): Promise<{ ok: true; start: OAuthStart } | LinkFailure> {
  const checked = await checkStepikLink(database, config, token, options.signedInUserId);
  if (!checked.ok) return checked;
  return {
    ok: true,
    start: startOAuth(config, 'stepik', '/cabinet', { origin: options.origin, linkToken: token }),
  };
}

/**
 * Whom the callback links Stepik to: the token's student (the token is spent here), else the
 * signed-in student, else nobody (a Stepik sign-in).
 */
export async function resolveLinkTarget(
  database: Database,
  flow: OAuthFlow,
  signedInUserId: number | undefined,
): Promise<{ ok: true; userId: number | undefined; viaToken: boolean } | LinkFailure> {
  if (!flow.linkToken) return { ok: true, userId: signedInUserId, viaToken: false };
  const checked = refusal(
    await checkLinkToken(database, flow.linkToken, 'stepik_link'),
    signedInUserId,
  );
  if (checked) return checked;
  const spent = await consumeLinkToken(database, flow.linkToken, 'stepik_link');
  const refused = refusal(spent, signedInUserId);
  if (refused || !spent.ok) return refused ?? failure(HTTP.gone, ru.linking.token.used);
  return { ok: true, userId: spent.userId, viaToken: true };
}
