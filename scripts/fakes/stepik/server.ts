/**
 * A fake Stepik that speaks the real protocol (../../../../shared/docs/stepik-api.md): OAuth 2
 * and the `{meta, <plural>}` API, plus fault switches and an admin page (/_fake/). Tests start
 * it on a free port; `npm start` uses it when no Stepik credentials are configured, so the
 * whole flow works offline.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { routeAdmin } from './admin.ts';
import { routeApi } from './api-routes.ts';
import { NOT_AUTHENTICATED, NOT_FOUND } from './envelope.ts';
import { answerWithFault } from './faults.ts';
import { sendJson } from './http.ts';
import { authorize, token } from './oauth.ts';
import { FakeStepikState } from './state.ts';

export interface FakeStepik {
  url: string;
  state: FakeStepikState;
  close(): Promise<void>;
}

function currentUser(
  state: FakeStepikState,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const owner = state.tokenUser(request.headers.authorization);
  if (!owner) return sendJson(response, 401, NOT_AUTHENTICATED);
  const learner = state.learners.get(owner.userId);
  sendJson(response, 200, {
    meta: { page: 1, has_next: false, has_previous: false },
    stepics: [{ id: 1, user: owner.userId, profile: owner.userId }],
    profiles: [
      {
        id: owner.userId,
        first_name: learner?.firstName ?? 'Teacher',
        last_name: learner?.lastName ?? '',
        is_private: false,
      },
    ],
  });
}

async function route(
  state: FakeStepikState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://fake-stepik');
  state.logRequest({
    method: request.method ?? 'GET',
    path: url.pathname,
    search: url.search,
    headers: request.headers,
  });
  // The fault is chosen on arrival, so a request held by latency cannot take a later test's fault.
  const fault = state.faults.take(url.pathname);
  const latency = state.faults.latencyFor(url.pathname);
  if (latency > 0) await delay(latency);
  if (fault) return answerWithFault(fault, request, response);
  if (await routeAdmin(state, request, url, response)) return;
  if (url.pathname === '/oauth2/authorize/' && request.method === 'GET')
    return authorize(state, url, response);
  if (url.pathname === '/oauth2/token/' && request.method === 'POST')
    return token(state, request, response);
  if (url.pathname === '/api/stepics/1' && request.method === 'GET')
    return currentUser(state, request, response);
  if (routeApi(state, request, url, response)) return;
  sendJson(response, 404, NOT_FOUND);
}

export async function startFakeStepik({
  port = 0,
  host = '127.0.0.1',
  state = new FakeStepikState(),
} = {}): Promise<FakeStepik> {
  const server: Server = createServer((request, response) => {
    route(state, request, response).catch((error: unknown) => {
      if (!response.headersSent && !response.destroyed)
        sendJson(response, 500, { detail: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actual}`,
    state,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets (and requests held by added latency) must not keep the fake alive.
        server.closeAllConnections();
      }),
  };
}
