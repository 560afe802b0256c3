/**
 * Fault switches, to exercise a client's retry logic (stepik-api.md §6): added latency, and
 * "the next N requests" answering 401, 403, 429 (with or without Retry-After), 5xx, or a
 * dropped connection. Set from tests (`state.faults.add(…)`) or over HTTP (`POST /_fake/faults`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendJson } from './http.ts';

export const FAULT_KINDS = [
  'unauthorized',
  'forbidden',
  'rate-limited',
  'server-error',
  'drop',
] as const;
export type FakeFaultKind = (typeof FAULT_KINDS)[number];

export const faultSchema = z.strictObject({
  kind: z.enum(FAULT_KINDS),
  /** How many matching requests meet this fault. */
  times: z.number().int().positive().default(1),
  /** Only requests whose path starts with this; default `/api/` (so the token endpoint keeps working). `/` = all. */
  pathPrefix: z.string().startsWith('/').default('/api/'),
  /** rate-limited, server-error: the Retry-After header value (seconds or an HTTP date); absent = no header. */
  retryAfter: z.union([z.string(), z.number()]).optional(),
  /** server-error: 500 (default), 502, 503 or 504. */
  status: z.number().int().min(500).max(599).optional(),
});

export type FakeFault = z.output<typeof faultSchema>;
export type FakeFaultInput = z.input<typeof faultSchema>;

/** The admin JSON: `{clear?, latencyInMs?, latencyPathPrefix?, faults?: [...]}`, or one fault's fields. */
export const faultsRequestSchema = z.union([
  faultSchema,
  z.strictObject({
    clear: z.boolean().optional(),
    latencyInMs: z.number().int().min(0).max(120_000).optional(),
    latencyPathPrefix: z.string().startsWith('/').optional(),
    faults: z.array(faultSchema).optional(),
  }),
]);

export class FakeFaults {
  /** Added before answering each matching request. */
  latencyInMs = 0;
  latencyPathPrefix = '/api/';
  private pending: FakeFault[] = [];

  add(input: FakeFaultInput): FakeFault {
    const fault = faultSchema.parse(input);
    this.pending.push(fault);
    return fault;
  }

  /** The fault this request meets, if any, using up one of its times. Admin routes never meet one. */
  take(path: string): FakeFault | null {
    if (path.startsWith('/_fake/')) return null;
    const index = this.pending.findIndex((f) => path.startsWith(f.pathPrefix));
    if (index < 0) return null;
    const fault = this.pending[index]!;
    if (--fault.times === 0) this.pending.splice(index, 1);
    return { ...fault };
  }

  latencyFor(path: string): number {
    return !path.startsWith('/_fake/') && path.startsWith(this.latencyPathPrefix)
      ? this.latencyInMs
      : 0;
  }

  list(): FakeFault[] {
    return this.pending.map((f) => ({ ...f }));
  }

  clear(): void {
    this.pending = [];
    this.latencyInMs = 0;
    this.latencyPathPrefix = '/api/';
  }

  /** Applies an admin request (already validated). */
  apply(request: z.output<typeof faultsRequestSchema>): void {
    if ('kind' in request) return void this.add(request);
    if (request.clear) this.clear();
    if (request.latencyInMs !== undefined) this.latencyInMs = request.latencyInMs;
    if (request.latencyPathPrefix !== undefined) this.latencyPathPrefix = request.latencyPathPrefix;
    for (const fault of request.faults ?? []) this.add(fault);
  }
}

/** Answers as the fault says; bodies are what Django REST Framework sends. */
export function answerWithFault(
  fault: FakeFault,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const retryAfter: Record<string, string> =
    fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) };
  switch (fault.kind) {
    case 'unauthorized':
      return sendJson(
        response,
        401,
        { detail: 'Authentication credentials were not provided.' },
        { 'WWW-Authenticate': 'Bearer realm="api"' },
      );
    case 'forbidden':
      return sendJson(response, 403, {
        detail: 'You do not have permission to perform this action.',
      });
    case 'rate-limited':
      return sendJson(response, 429, { detail: 'Request was throttled.' }, retryAfter);
    case 'server-error': {
      const status = fault.status ?? 500;
      response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', ...retryAfter });
      return void response.end(`<h1>Server Error (${status})</h1>`);
    }
    case 'drop':
      // No status line at all: the client sees the connection close mid-request.
      request.socket.destroy();
  }
}
