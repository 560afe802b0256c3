/**
 * The application's access token (OAuth 2 client credentials, stepik-api.md §2.1): fetched on
 * first use, cached until shortly before `expires_in`, shared by concurrent callers, and thrown
 * away when Stepik answers 401 so the next call fetches a fresh one.
 */
import { StepikHttpError, StepikUnauthorizedError } from './errors.ts';
import { endpointName, type StepikHttp } from './http.ts';
import { parseOrThrow, tokenSchema } from './schemas.ts';

export const TOKEN_PATH = '/oauth2/token/';
/** Renew this long before expiry, so a token never dies between our check and Stepik's. */
export const EARLY_RENEWAL_IN_MS = 60_000;

/** When to fetch a new token: 60 s early, or halfway for very short lifetimes. */
export function renewAtInMs(issuedAtInMs: number, expiresInSeconds: number): number {
  const lifetime = expiresInSeconds * 1000;
  return issuedAtInMs + Math.max(lifetime - EARLY_RENEWAL_IN_MS, lifetime / 2);
}

/** RFC 6749 §2.3.1: id and secret are form-encoded before base64 (a no-op for Stepik's alphanumerics). */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (v: string): string => encodeURIComponent(v).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

export class ClientCredentialsToken {
  private cached: { token: string; renewAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly http: StepikHttp,
    private readonly credentials: { clientId: string; clientSecret: string },
    private readonly now: () => number,
  ) {}

  async get(): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAt) return this.cached.token;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Forgets `token` after Stepik refused it; a token renewed meanwhile by another caller stays. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = null;
  }

  private async fetchToken(): Promise<string> {
    const request = { method: 'POST', path: TOKEN_PATH } as const;
    const endpoint = endpointName(request);
    const issuedAt = this.now();
    const answer = await this.http.send({
      ...request,
      headers: {
        Authorization: basicAuthorization(this.credentials.clientId, this.credentials.clientSecret),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    });
    if (answer.status === 400 || answer.status === 401) {
      throw new StepikUnauthorizedError(
        `Stepik refused the client credentials (${endpoint} answered ${answer.status}${oauthError(answer.text)}): check the client id and secret of the Stepik application`,
        { endpoint, attempts: answer.attempts },
      );
    }
    if (answer.status !== 200) {
      throw new StepikHttpError(`Stepik ${endpoint} answered ${answer.status}`, {
        status: answer.status,
        endpoint,
        attempts: answer.attempts,
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      body = undefined;
    }
    const parsed = parseOrThrow(tokenSchema, body, endpoint);
    this.cached = { token: parsed.access_token, renewAt: renewAtInMs(issuedAt, parsed.expires_in) };
    return parsed.access_token;
  }
}

/** ` invalid_client` from an OAuth error body; never echoes anything else the server sent. */
function oauthError(text: string): string {
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    return typeof error === 'string' && /^[a-z_]{1,40}$/.test(error) ? ` ${error}` : '';
  } catch {
    return '';
  }
}
