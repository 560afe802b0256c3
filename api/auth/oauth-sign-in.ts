/**
 * The Google/Stepik OAuth callback as one step: check the flow's state, exchange the code, find
 * or create the account — or link it to the signed-in student, or to the student of a
 * stepik_link token — and, once Stepik is linked, fetch that student's progress so the cabinet
 * shows it at once. The door only reads the request, clears the flow cookie, sets the session
 * cookie of a new sign-in and turns the outcome into a redirect or a page.
 */
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { HTTP } from '../http.ts';
import { ru } from '../i18n/ru.ts';
import { describeError } from '../log/safe-error.ts';
import { callbackOrigin } from './callback-origin.ts';
import { linkingFailure } from './link-errors.ts';
import {
  checkOAuthState,
  finishGoogle,
  finishStepik,
  isProviderConfigured,
  type OAuthProvider,
} from './oauth.ts';
import { createSession } from './session.ts';
import { resolveLinkTarget } from './stepik-link.ts';
import { signInOrLink, type Identity } from './users.ts';

export interface OAuthCallbackRequest {
  provider: OAuthProvider;
  /** The callback's query: `state`, `code`, and the provider's `error`. */
  query: URLSearchParams;
  /** The OAuth flow cookie as it arrived. */
  flowCookie: string | undefined;
  /** The request's Host header: the redirect_uri of the exchange must be the one the flow started with. */
  host: string | null;
  /** The student signed in in this browser, if any. */
  signedInUserId?: number;
}

/** `session`: a new sign-in, whose cookie the door sets. */
export type OAuthCallbackOutcome =
  | { redirect: string; session?: { token: string; expiresAt: Date } }
  | { status: number; title: string; message: string };

export interface OAuthSignInOptions {
  now?: Date;
  /**
   * Right after linking Stepik, so the cabinet shows the progress at once: the door passes
   * api/sync's `syncStudentAfterLinking` (the sync is a layer above sign-in), tests their own.
   */
  fetchProgress: (database: Database, stepikUserId: number) => Promise<void>;
}

export async function finishOAuthCallback(
  database: Database,
  config: Config,
  request: OAuthCallbackRequest,
  options: OAuthSignInOptions,
): Promise<OAuthCallbackOutcome> {
  const { provider, query, signedInUserId } = request;
  const { fetchProgress } = options;
  const t = ru.site.authResult;
  const fail = (
    status: number,
    message: string,
    title: string = t.failedTitle,
  ): OAuthCallbackOutcome => ({ status, title, message });
  if (!isProviderConfigured(config, provider))
    return fail(HTTP.notFound, ru.auth.oauth.notConfigured);

  const origin = callbackOrigin(config.appOrigin, request.host);
  const signedIn = signedInUserId !== undefined;
  const flow = checkOAuthState(request.flowCookie, provider, query.get('state'));
  // Linking Stepik says what went wrong in its own words (a lost state is most likely a link:
  // that is what Stepik is for here); a sign-in keeps the old ones.
  const linking =
    provider === 'stepik' && (signedIn || !flow || flow.linkToken) ? linkingFailure : null;
  if (!flow) return linking?.('state_lost') ?? fail(HTTP.badRequest, ru.auth.oauth.badState);
  const providerError = query.get('error');
  if (providerError)
    return linking?.('denied', providerError) ?? fail(HTTP.badRequest, ru.auth.oauth.denied);
  const code = query.get('code');
  if (!code) return linking?.('state_lost') ?? fail(HTTP.badRequest, ru.auth.oauth.badState);

  let identity: Identity;
  try {
    if (provider === 'google') {
      const profile = await finishGoogle(
        config,
        code,
        flow.verifier ?? '',
        options.now ?? new Date(),
        origin,
      );
      identity = {
        kind: 'google',
        value: profile.sub,
        firstName: profile.firstName,
        lastName: profile.lastName,
        verifiedEmail: profile.emailVerified ? profile.email : undefined,
      };
    } else {
      const profile = await finishStepik(config, code, origin);
      identity = {
        kind: 'stepik',
        value: profile.stepikUserId,
        firstName: profile.firstName,
        lastName: profile.lastName,
      };
    }
  } catch (error) {
    console.error(`${provider} sign-in failed: ${describeError(error)}`);
    return linking?.('exchange_failed') ?? fail(HTTP.badRequest, ru.auth.oauth.failed);
  }

  const target = await resolveLinkTarget(database, flow, signedInUserId);
  if (!target.ok) return target;
  const result = await signInOrLink(database, identity, target.userId);
  if (!result.ok) {
    if ('status' in result) return fail(result.status, result.message);
    return linking && result.error === 'identity_taken'
      ? linking('taken')
      : fail(HTTP.conflict, result.message, linking ? ru.linking.failedTitle : t.conflictTitle);
  }
  if (target.viaToken) {
    await fetchProgress(database, identity.value as number);
    return {
      status: HTTP.ok,
      title: ru.linking.linkedTitle,
      message: ru.linking.linkedBackToTelegram,
    };
  }
  const created = signedIn ? undefined : await createSession(database, result.user.id, options.now);
  if (identity.kind === 'stepik') await fetchProgress(database, identity.value as number);
  if (!created) return { redirect: '/cabinet?notice=linked' };
  return {
    redirect: flow.next,
    session: { token: created.token, expiresAt: created.session.expiresAt },
  };
}
