/** The part of the Google/Stepik callbacks that is the same: state, code, sign in or link. */
import type { AstroGlobal } from 'astro';
import { OAUTH_COOKIE, checkOAuthState, finishGoogle, finishStepik, isProviderConfigured, type OAuthProvider } from '../../api/auth/oauth.ts';
import { callbackOrigin } from '../../api/auth/callback-origin.ts';
import { linkingFailure } from '../../api/auth/link-errors.ts';
import { createSession } from '../../api/auth/session.ts';
import { resolveLinkTarget } from '../../api/auth/stepik-link.ts';
import { signInOrLink, type Identity } from '../../api/auth/users.ts';
import { getConfig } from '../../api/config.ts';
import { getDatabase } from '../../api/db/instance.ts';
import { HTTP } from '../../api/http.ts';
import { describeDatabaseError } from '../../api/db/errors.ts';
import { describeError } from '../../api/log/safe-error.ts';
import { ru } from '../../api/i18n/ru.ts';
import { getCourse } from '../../api/course/instance.ts';
import { runSync } from '../../api/sync/run.ts';
import { getStepikSource } from '../../api/sync/stepik-source.ts';
import { setSessionCookie } from '../../api/auth/session-cookie.ts';

/** Right after linking Stepik the cabinet should already show the student's progress. */
async function fetchProgressNow(database: ReturnType<typeof getDatabase>, stepikUserId: number): Promise<void> {
  const source = getStepikSource();
  if (!source) return;
  try {
    await runSync(database, getCourse(), source, { stepikUserId });
  } catch (error) {
    console.error(`progress after linking Stepik failed: ${describeDatabaseError(error)}`);
  }
}

export type CallbackOutcome = { redirect: string } | { status: number; title: string; message: string };

export async function handleOAuthCallback(Astro: AstroGlobal, provider: OAuthProvider): Promise<CallbackOutcome> {
  const config = getConfig();
  const t = ru.site.authResult;
  const fail = (status: number, message: string, title: string = t.failedTitle): CallbackOutcome => ({ status, title, message });
  if (!isProviderConfigured(config, provider)) return fail(HTTP.notFound, ru.auth.oauth.notConfigured);

  const params = Astro.url.searchParams;
  const origin = callbackOrigin(config.appOrigin, Astro.request.headers.get('host'));
  const signedIn = Astro.locals.session ? Astro.locals.user : null;
  const flow = checkOAuthState(Astro.cookies.get(OAUTH_COOKIE)?.value, provider, params.get('state'));
  Astro.cookies.delete(OAUTH_COOKIE, { path: '/auth' });
  // Linking Stepik says what went wrong in its own words (a lost state is most likely a link:
  // that is what Stepik is for here); a sign-in keeps the old ones.
  const linking = provider === 'stepik' && (signedIn || !flow || flow.linkToken) ? linkingFailure : null;
  if (!flow) return linking?.('state_lost') ?? fail(HTTP.badRequest, ru.auth.oauth.badState);
  const providerError = params.get('error');
  if (providerError) return linking?.('denied', providerError) ?? fail(HTTP.badRequest, ru.auth.oauth.denied);
  const code = params.get('code');
  if (!code) return linking?.('state_lost') ?? fail(HTTP.badRequest, ru.auth.oauth.badState);

  let identity: Identity;
  try {
    if (provider === 'google') {
      const profile = await finishGoogle(config, code, flow.verifier ?? '', new Date(), origin);
      identity = { kind: 'google', value: profile.sub, firstName: profile.firstName, lastName: profile.lastName, verifiedEmail: profile.emailVerified ? profile.email : undefined };
    } else {
      const profile = await finishStepik(config, code, origin);
      identity = { kind: 'stepik', value: profile.stepikUserId, firstName: profile.firstName, lastName: profile.lastName };
    }
  } catch (error) {
    console.error(`${provider} sign-in failed: ${describeError(error)}`);
    return linking?.('exchange_failed') ?? fail(HTTP.badRequest, ru.auth.oauth.failed);
  }

  const database = getDatabase();
  const target = await resolveLinkTarget(database, flow, signedIn?.id);
  if (!target.ok) return target;
  const result = await signInOrLink(database, identity, target.userId);
  if (!result.ok) {
    if ('status' in result) return fail(result.status, result.message);
    return linking && result.error === 'identity_taken' ? linking('taken') : fail(HTTP.conflict, result.message, linking ? ru.linking.failedTitle : t.conflictTitle);
  }
  if (target.viaToken) {
    await fetchProgressNow(database, identity.value as number);
    return { status: HTTP.ok, title: ru.linking.linkedTitle, message: ru.linking.linkedBackToTelegram };
  }
  if (!signedIn) {
    const { token, session } = await createSession(database, result.user.id);
    setSessionCookie(Astro.cookies, config, token, session.expiresAt);
  }
  if (identity.kind === 'stepik') await fetchProgressNow(database, identity.value as number);
  return { redirect: signedIn ? '/cabinet?notice=linked' : flow.next };
}
