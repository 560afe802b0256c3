/**
 * Google (OpenID Connect) and Stepik (OAuth 2 authorization code) with arctic's generic client,
 * so both can point at local fakes. The state (and PKCE verifier) travel in a short-lived
 * HttpOnly cookie; the callback checks it before anything else.
 */
import {
  CodeChallengeMethod,
  OAuth2Client,
  decodeIdToken,
  generateCodeVerifier,
  generateState,
} from 'arctic';
import type { Config } from '../config.ts';

export type OAuthProvider = 'google' | 'stepik';

export function isOAuthProvider(value: unknown): value is OAuthProvider {
  return value === 'google' || value === 'stepik';
}

export const OAUTH_COOKIE = 'oauth_flow';
export const OAUTH_COOKIE_MAX_AGE_IN_SECONDS = 600;

/** `origin`: where the flow started (see ./callback-origin.ts); APP_DOMAIN by default. */
export function callbackUrl(
  config: Config,
  provider: OAuthProvider,
  origin: string = config.appOrigin,
): string {
  return `${origin}/auth/${provider}/callback`;
}

export function isProviderConfigured(config: Config, provider: OAuthProvider): boolean {
  return provider === 'google' ? Boolean(config.google) : Boolean(config.stepikLogin);
}

function client(config: Config, provider: OAuthProvider, origin: string): OAuth2Client {
  const credentials = provider === 'google' ? config.google : config.stepikLogin;
  if (!credentials) throw new Error(`${provider} sign-in is not configured`);
  return new OAuth2Client(
    credentials.clientId,
    credentials.clientSecret,
    callbackUrl(config, provider, origin),
  );
}

export interface OAuthStart {
  url: URL;
  /** Goes into the OAUTH_COOKIE; `next` is where to land afterwards (a local path). */
  cookieValue: string;
}

/** Only local paths: never an open redirect. */
export function safeNextPath(next: string | null | undefined): string {
  // Printable ASCII only: it becomes a Location header, where a control character is a 500.
  return next && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/cabinet';
}

export interface OAuthStartOptions {
  /** The origin the browser addressed, already checked by callbackOrigin(). */
  origin?: string;
  /** A one-time stepik_link token: the callback links to its student (api/auth/link-tokens.ts). */
  linkToken?: string;
}

export function startOAuth(
  config: Config,
  provider: OAuthProvider,
  next?: string | null,
  options: OAuthStartOptions = {},
): OAuthStart {
  const state = generateState();
  const origin = options.origin ?? config.appOrigin;
  if (provider === 'google') {
    const verifier = generateCodeVerifier();
    const url = client(config, provider, origin).createAuthorizationURLWithPKCE(
      config.google!.authorizeUrl,
      state,
      CodeChallengeMethod.S256,
      verifier,
      ['openid', 'profile', 'email'],
    );
    return {
      url,
      cookieValue: JSON.stringify({ provider, state, verifier, next: safeNextPath(next) }),
    };
  }
  const url = client(config, provider, origin).createAuthorizationURL(
    `${config.stepik.baseUrl}/oauth2/authorize/`,
    state,
    ['read'],
  );
  return {
    url,
    cookieValue: JSON.stringify({
      provider,
      state,
      next: safeNextPath(next),
      ...(options.linkToken ? { linkToken: options.linkToken } : {}),
    }),
  };
}

export interface OAuthFlow {
  provider: OAuthProvider;
  state: string;
  verifier?: string;
  next: string;
  /** Only ever a token's shape; what it stands for is read from the database at the callback. */
  linkToken?: string;
}

/** The flow from the cookie if its state matches the callback's; null otherwise. */
export function checkOAuthState(
  cookieValue: string | undefined,
  provider: OAuthProvider,
  state: string | null,
): OAuthFlow | null {
  if (!cookieValue || !state) return null;
  let flow: OAuthFlow;
  try {
    flow = JSON.parse(cookieValue) as OAuthFlow;
  } catch {
    return null;
  }
  if (
    flow.provider !== provider ||
    typeof flow.state !== 'string' ||
    flow.state.length < 16 ||
    flow.state !== state
  )
    return null;
  return {
    ...flow,
    next: safeNextPath(flow.next),
    linkToken: typeof flow.linkToken === 'string' ? flow.linkToken : undefined,
  };
}

export interface GoogleProfile {
  sub: string;
  email?: string;
  emailVerified: boolean;
  firstName?: string;
  lastName?: string;
}

const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

/**
 * Exchanges the code and reads the ID token's claims. The token comes straight from the token
 * endpoint over TLS, which OpenID Connect Core §3.1.3.7 accepts in place of a signature check;
 * issuer, audience and expiry are still checked.
 */
export async function finishGoogle(
  config: Config,
  code: string,
  verifier: string,
  now: Date = new Date(),
  origin: string = config.appOrigin,
): Promise<GoogleProfile> {
  const tokens = await client(config, 'google', origin).validateAuthorizationCode(
    config.google!.tokenUrl,
    code,
    verifier,
  );
  const claims = decodeIdToken(tokens.idToken()) as Record<string, unknown>;
  const fakeIssuer = new URL(config.google!.tokenUrl).origin;
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!GOOGLE_ISSUERS.includes(String(claims.iss)) && claims.iss !== fakeIssuer)
    throw new Error(`unexpected id_token issuer ${String(claims.iss)}`);
  if (!audience.includes(config.google!.clientId))
    throw new Error('id_token was issued for another client');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < now.getTime())
    throw new Error('id_token has expired');
  if (typeof claims.sub !== 'string' || !claims.sub) throw new Error('id_token has no subject');
  return {
    sub: claims.sub,
    email: typeof claims.email === 'string' ? claims.email : undefined,
    emailVerified: claims.email_verified === true,
    firstName: typeof claims.given_name === 'string' ? claims.given_name : undefined,
    lastName: typeof claims.family_name === 'string' ? claims.family_name : undefined,
  };
}

export interface StepikProfile {
  stepikUserId: number;
  firstName?: string;
  lastName?: string;
}

/** Exchanges the code, then asks Stepik who the token belongs to (`/api/stepics/1`). */
export async function finishStepik(
  config: Config,
  code: string,
  origin: string = config.appOrigin,
): Promise<StepikProfile> {
  const tokens = await client(config, 'stepik', origin).validateAuthorizationCode(
    `${config.stepik.baseUrl}/oauth2/token/`,
    code,
    null,
  );
  const response = await fetch(`${config.stepik.baseUrl}/api/stepics/1`, {
    headers: {
      Authorization: `Bearer ${tokens.accessToken()}`,
      Accept: 'application/json',
      'User-Agent': 'course-site (+stepik linking)',
    },
  });
  if (!response.ok) throw new Error(`Stepik /api/stepics/1 answered ${response.status}`);
  const body = (await response.json()) as {
    stepics?: { user?: unknown }[];
    profiles?: { id?: unknown; first_name?: unknown; last_name?: unknown }[];
  };
  const id = Number(body.stepics?.[0]?.user ?? body.profiles?.[0]?.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error('Stepik did not say who the user is');
  const profile = body.profiles?.find((p) => Number(p.id) === id);
  return {
    stepikUserId: id,
    firstName: typeof profile?.first_name === 'string' ? profile.first_name : undefined,
    lastName: typeof profile?.last_name === 'string' ? profile.last_name : undefined,
  };
}
