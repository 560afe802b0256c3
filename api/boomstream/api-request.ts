/**
 * One PPV call: GET `<apiUrl>/ppv/<method>?apikey=…&…&format=json`, a timeout per attempt, and
 * one retry on transport failures and 5xx, as the vendor's filter does (it never retries a
 * "Failed" answer: Boomstream meant it). Every error is a BoomstreamApiError whose message has
 * been through redactSecrets: the URL, the API key and the buyer hash never leave this file.
 */
import { BoomstreamApiError } from './api-error.ts';
import { envelopeSchema } from './api-responses.ts';
import { redactSecrets } from '../log/redact.ts';

export interface PpvTransport {
  apiUrl: string;
  apiKey: string;
  fetch: typeof fetch;
  timeoutInMs: number;
  retryDelayInMs: number;
  sleep: (ms: number) => Promise<void>;
}

export type PpvMethod = 'addbuyer' | 'info' | 'updatebuyer' | 'deletebuyer';

/** Longest part of a vendor message we pass on; a whole HTML error page is no use in a log line. */
const MAX_MESSAGE_CHARS = 200;

function buildUrl(transport: PpvTransport, method: PpvMethod, params: [string, string][]): URL {
  const url = new URL(`${transport.apiUrl.replace(/\/+$/, '')}/ppv/${method}`);
  url.searchParams.set('apikey', transport.apiKey);
  for (const [name, value] of params) url.searchParams.set(name, value);
  url.searchParams.set('format', 'json');
  return url;
}

async function attempt(
  transport: PpvTransport,
  method: string,
  url: URL,
  secrets: string[],
): Promise<Record<string, unknown>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), transport.timeoutInMs);
  let status: number;
  let text: string;
  try {
    const response = await transport.fetch(url, {
      headers: { accept: 'application/json' },
      signal: controller.signal,
    });
    status = response.status;
    text = await response.text();
  } catch {
    // The underlying error is dropped on purpose: some carry the request URL.
    if (controller.signal.aborted)
      throw new BoomstreamApiError(
        'timeout',
        method,
        `no answer within ${transport.timeoutInMs} ms`,
      );
    throw new BoomstreamApiError(
      'network',
      method,
      'could not reach the API (connection failed or dropped)',
    );
  } finally {
    clearTimeout(timer);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    if (status >= 400)
      throw new BoomstreamApiError('http', method, `HTTP ${status}`, { httpStatus: status });
    throw new BoomstreamApiError(
      'invalid_response',
      method,
      `HTTP ${status} with a body that is not JSON`,
      { httpStatus: status },
    );
  }
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    if (status >= 400)
      throw new BoomstreamApiError('http', method, `HTTP ${status}`, { httpStatus: status });
    throw new BoomstreamApiError('invalid_response', method, 'a reply without Status', {
      httpStatus: status,
    });
  }
  if (envelope.data.Status !== 'Success') {
    const vendorMessage = redactSecrets(envelope.data.Message ?? 'no message', secrets).slice(
      0,
      MAX_MESSAGE_CHARS,
    );
    // A 5xx with Boomstream's envelope is still the server failing: retry like any 5xx.
    if (status >= 500)
      throw new BoomstreamApiError('http', method, `HTTP ${status}: ${vendorMessage}`, {
        httpStatus: status,
        vendorMessage,
      });
    throw new BoomstreamApiError('failed', method, `Failed: ${vendorMessage}`, {
      httpStatus: status,
      vendorMessage,
    });
  }
  return body as Record<string, unknown>;
}

/**
 * Calls `ppv/<method>` with `params` (in this order, after `apikey`; `format=json` last) and
 * returns the parsed JSON of a `Status: Success` reply. `secrets` are extra values to keep out
 * of error messages (the buyer hash, the media code); the API key always is.
 */
export async function callPpv(
  transport: PpvTransport,
  method: PpvMethod,
  params: [string, string][],
  secrets: string[] = [],
): Promise<Record<string, unknown>> {
  const name = `ppv/${method}`;
  const url = buildUrl(transport, method, params);
  const allSecrets = [transport.apiKey, ...secrets];
  try {
    return await attempt(transport, name, url, allSecrets);
  } catch (error) {
    if (!(error instanceof BoomstreamApiError) || !error.retryable) throw error;
    await transport.sleep(transport.retryDelayInMs);
    return attempt(transport, name, url, allSecrets);
  }
}
