/** The part of the Google/Stepik callbacks that is the same: state, code, sign in or link. */
import type { AstroGlobal } from 'astro';
import { OAUTH_COOKIE, checkOAuthState, finishGoogle, finishStepik, isProviderConfigured, type OAuthProvider } from '../../api/auth/oauth.ts';
import { createSession } from '../../api/auth/session.ts';
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
  const flow = checkOAuthState(Astro.cookies.get(OAUTH_COOKIE)?.value, provider, params.get('state'));
  Astro.cookies.delete(OAUTH_COOKIE, { path: '/auth' });
  if (!flow) return fail(HTTP.badRequest, ru.auth.oauth.badState);
  if (params.get('error')) return fail(HTTP.badRequest, ru.auth.oauth.denied);
  const code = params.get('code');
  if (!code) return fail(HTTP.badRequest, ru.auth.oauth.badState);

  let identity: Identity;
  try {
    if (provider === 'google') {
      const profile = await finishGoogle(config, code, flow.verifier ?? '');
      identity = { kind: 'google', value: profile.sub, firstName: profile.firstName, lastName: profile.lastName, verifiedEmail: profile.emailVerified ? profile.email : undefined };
    } else {
      const profile = await finishStepik(config, code);
      identity = { kind: 'stepik', value: profile.stepikUserId, firstName: profile.firstName, lastName: profile.lastName };
    }
  } catch (error) {
    console.error(`${provider} sign-in failed: ${describeError(error)}`);
    return fail(HTTP.badRequest, ru.auth.oauth.failed);
  }

  const database = getDatabase();
  const signedIn = Astro.locals.session ? Astro.locals.user : null;
  const result = await signInOrLink(database, identity, signedIn?.id);
  if (!result.ok) return 'status' in result ? fail(result.status, result.message) : fail(HTTP.conflict, result.message, t.conflictTitle);
  if (!signedIn) {
    const { token, session } = await createSession(database, result.user.id);
    setSessionCookie(Astro.cookies, config, token, session.expiresAt);
  }
  if (identity.kind === 'stepik') await fetchProgressNow(database, identity.value as number);
  return { redirect: signedIn ? '/cabinet?notice=linked' : flow.next };
}
