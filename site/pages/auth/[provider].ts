import type { APIRoute } from 'astro';
import { callbackOrigin } from '#api/auth/callback-origin.ts';
import {
  OAUTH_COOKIE,
  OAUTH_COOKIE_MAX_AGE_IN_SECONDS,
  isOAuthProvider,
  isProviderConfigured,
  startOAuth,
} from '#api/auth/oauth.ts';
import { getConfig } from '#api/config.ts';
import { redirect } from '#api/http.ts';

export const prerender = false;

/** GET /auth/google, /auth/stepik: off to the provider — sign in, or link when already signed in. */
export const GET: APIRoute = ({ cookies, url, params, request }) => {
  const provider = params.provider;
  if (!isOAuthProvider(provider)) return new Response(null, { status: 404 });
  const config = getConfig();
  if (!isProviderConfigured(config, provider))
    return redirect('/login?error=oauth_not_configured', 302);
  const start = startOAuth(config, provider, url.searchParams.get('next'), {
    origin: callbackOrigin(config.appOrigin, request.headers.get('host')),
  });
  cookies.set(OAUTH_COOKIE, start.cookieValue, {
    httpOnly: true,
    secure: config.secureCookies,
    sameSite: 'lax',
    path: '/auth',
    maxAge: OAUTH_COOKIE_MAX_AGE_IN_SECONDS,
  });
  return redirect(start.url.toString(), 302);
};
