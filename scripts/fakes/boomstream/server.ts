/**
 * A fake Boomstream PPV API on node:http: `/api/ppv/<method>` (boomstream.com/api) and
 * `/ppv/<method>` (when the API URL is configured as a bare host), GET with query parameters,
 * or POST with a JSON or form body, the key as `apikey` or `Authorization: Bearer`. Tests start
 * it on a free port; `npm start` could point BOOMSTREAM_API_URL at it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerPpv } from './ppv.ts';
import { failed, sendReply } from './reply.ts';
import { FakeBoomstreamState, type FakeCall, type FakeFault } from './state.ts';

export { FakeBoomstreamState } from './state.ts';
export type { FakeBuyer, FakeCall, FakeFault, FakeSubscription } from './state.ts';

export interface FakeBoomstream {
  /** The server's origin, e.g. http://127.0.0.1:40123 */
  url: string;
  /** `${url}/api`: what BOOMSTREAM_API_URL would be. */
  apiUrl: string;
  state: FakeBoomstreamState;
  close(): Promise<void>;
}

const PPV_PATH = /^(?:\/api)?\/ppv\/([A-Za-z]+)\/?$/;

async function readParams(request: IncomingMessage, url: URL): Promise<Record<string, string>> {
  const params: Record<string, string> = {};
  if (request.method === 'POST') {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if ((request.headers['content-type'] ?? '').includes('json')) {
      for (const [k, v] of Object.entries(JSON.parse(text || '{}') as Record<string, unknown>))
        params[k] = String(v);
    } else {
      for (const [k, v] of new URLSearchParams(text)) params[k] = v;
    }
  }
  for (const [k, v] of url.searchParams) params[k] = v;
  const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
  // An explicit apikey parameter wins over the header (boomstream.md §4).
  if (params.apikey === undefined && bearer) params.apikey = bearer[1]!;
  return params;
}

const wait = (ms: number, timers: Set<NodeJS.Timeout>): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });

async function route(
  state: FakeBoomstreamState,
  timers: Set<NodeJS.Timeout>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const requestUri = request.url ?? '/';
  const url = new URL(requestUri, 'http://fake-boomstream');
  const match = PPV_PATH.exec(url.pathname);
  const params = await readParams(request, url);
  const call: FakeCall = {
    method: match ? match[1]!.toLowerCase() : url.pathname,
    httpMethod: request.method ?? 'GET',
    path: url.pathname,
    params,
  };
  state.calls.push(call);
  const fault: FakeFault | undefined = state.takeFault(call.method);
  if (fault) call.fault = fault.kind;
  const delayInMs = state.latencyInMs + (fault?.kind === 'delay' ? fault.ms : 0);
  if (delayInMs > 0) await wait(delayInMs, timers);
  if (response.destroyed) return;
  const reply = { format: params.format, requestUri, version: params.ver };
  if (fault?.kind === 'drop') {
    request.socket.destroy();
    return;
  }
  if (fault?.kind === 'status') {
    response.writeHead(fault.status, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(fault.body ?? `<html><body><h1>${fault.status}</h1></body></html>`);
    return;
  }
  if (fault?.kind === 'invalid') {
    response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(fault.body);
    return;
  }
  if (fault?.kind === 'failed')
    return sendReply(
      response,
      fault.status ?? 200,
      failed(fault.message.replaceAll('{uri}', requestUri)),
      reply,
    );
  if (!match) return sendReply(response, 404, failed('Not found'), reply);
  // A wrong key is a logical failure, as the vendor's own README shows ("Application not found").
  if (params.apikey !== state.apiKey)
    return sendReply(response, 200, failed('Application not found'), reply);
  const body = answerPpv(state, call.method, params);
  if (!body) return sendReply(response, 404, failed('Method not found'), reply);
  sendReply(response, 200, body, reply);
}

export async function startFakeBoomstream({
  apiKey,
  subscription,
  port = 0,
  host = '127.0.0.1',
  state = new FakeBoomstreamState({ apiKey, subscription }),
}: {
  apiKey: string;
  subscription: string;
  port?: number;
  host?: string;
  state?: FakeBoomstreamState;
}): Promise<FakeBoomstream> {
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((request, response) => {
    route(state, timers, request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendReply(response, 500, failed(String(error)), {
          format: 'json',
          requestUri: request.url ?? '/',
          version: undefined,
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: actual } = server.address() as AddressInfo;
  const url = `http://${host}:${actual}`;
  return {
    url,
    apiUrl: `${url}/api`,
    state,
    close: () =>
      new Promise((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        // Keep-alive sockets from fetch would hold close() open for seconds.
        server.closeAllConnections();
      }),
  };
}
