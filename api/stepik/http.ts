/**
 * One Stepik request with everything transient handled: the shared rate limit, a per-attempt
 * timeout, and retries with back-off on 429/5xx, network errors and timeouts. Statuses that
 * a retry cannot change (401, 403, 404, other 4xx) are returned for the caller to interpret.
 */
import type { TokenBucket } from '../rate/token-bucket.ts';
import { StepikHttpError } from './errors.ts';
import { RETRYABLE_STATUSES, retryDelayInMs } from './retry.ts';

export interface HttpSettings {
  baseUrl: string;
  userAgent: string;
  timeoutInMs: number;
  maxRetries: number;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  limiter: TokenBucket;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** `/api/lessons`, `/oauth2/token/`. */
  path: string;
  query?: URLSearchParams;
  /** Authorization and Content-Type; Accept and User-Agent are added here. */
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  text: string;
  /** Attempts this answer took (1 when the first one counted). */
  attempts: number;
}

type Attempt = { ok: true; response: Response; text: string } | { ok: false; problem: string };

/** `GET /api/lessons`: how errors name a request (no query string: it may be long, and says little). */
export function endpointName(request: Pick<HttpRequest, 'method' | 'path'>): string {
  return `${request.method} ${request.path}`;
}

export class StepikHttp {
  private count = 0;
  private bytes = 0;
  constructor(private readonly settings: HttpSettings) {}

  get requestCount(): number {
    return this.count;
  }

  /** Bytes of response bodies received (UTF-8), for the sync's summary. */
  get byteCount(): number {
    return this.bytes;
  }

  async send(request: HttpRequest): Promise<HttpAnswer> {
    const { maxRetries, sleep, now, random } = this.settings;
    const endpoint = endpointName(request);
    let lastProblem = '';
    let lastStatus: number | null = null;
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(request);
      let retryAfter: string | null = null;
      if (result.ok) {
        const { status } = result.response;
        if (!RETRYABLE_STATUSES.has(status))
          return { status, text: result.text, attempts: attempt };
        lastStatus = status;
        lastProblem = `${status}${result.response.statusText ? ` ${result.response.statusText}` : ''}`;
        retryAfter = result.response.headers.get('retry-after');
      } else {
        lastStatus = null;
        lastProblem = result.problem;
      }
      if (attempt > maxRetries) {
        throw new StepikHttpError(
          `Stepik ${endpoint} failed after ${attempt} attempt(s); the last one: ${lastProblem}`,
          {
            status: lastStatus,
            endpoint,
            attempts: attempt,
          },
        );
      }
      await sleep(
        retryDelayInMs({ retry: attempt, status: lastStatus, retryAfter, nowInMs: now(), random }),
      );
    }
  }

  private async attempt(request: HttpRequest): Promise<Attempt> {
    const { baseUrl, userAgent, timeoutInMs, limiter } = this.settings;
    await limiter.take();
    this.count++;
    const query = request.query?.toString();
    const url = `${baseUrl}${request.path}${query ? `?${query}` : ''}`;
    const signal = AbortSignal.timeout(timeoutInMs);
    try {
      const response = await this.settings.fetch(url, {
        method: request.method,
        headers: { Accept: 'application/json', 'User-Agent': userAgent, ...request.headers },
        body: request.body,
        signal,
        redirect: 'manual',
      });
      // The body is read under the same timeout: a server that stalls mid-body is a timeout too.
      const text = await response.text();
      this.bytes += Buffer.byteLength(text);
      return { ok: true, response, text };
    } catch (error) {
      if (signal.aborted) return { ok: false, problem: `no answer within ${timeoutInMs} ms` };
      return { ok: false, problem: `no answer (${describeNetworkError(error)})` };
    }
  }
}

/** undici's "fetch failed" hides the useful part in `cause`. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const parts = [cause?.code, cause?.message ?? (error as Error).message].filter(Boolean);
  return parts.length ? parts.join(': ') : String(error);
}
