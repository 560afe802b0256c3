/**
 * A fake Stepik that speaks the real protocol (../../../../shared/docs/stepik-api.md): OAuth 2
 * and the `{meta, <plural>}` API. Tests start it on a free port; `npm start` uses it when no
 * Stepik credentials are configured, so the whole flow works offline.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendJson } from './http.ts';
import { authorize, token } from './oauth.ts';
import { FakeStepikState } from './state.ts';

export interface FakeStepik {
  url: string;
  state: FakeStepikState;
  close(): Promise<void>;
}

async function route(state: FakeStepikState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://fake-stepik');
  state.requests.push({ method: request.method ?? 'GET', path: url.pathname });
  if (url.pathname === '/oauth2/authorize/' && request.method === 'GET') return authorize(state, url, response);
  if (url.pathname === '/oauth2/token/' && request.method === 'POST') return token(state, request, response);
  if (url.pathname === '/api/stepics/1' && request.method === 'GET') {
    const owner = state.tokenUser(request.headers.authorization);
    if (!owner) return sendJson(response, 401, { detail: 'Authentication credentials were not provided.' });
    const learner = state.learners.get(owner.userId);
    return sendJson(response, 200, {
      meta: { page: 1, has_next: false, has_previous: false },
      stepics: [{ id: 1, user: owner.userId, profile: owner.userId }],
      profiles: [{ id: owner.userId, first_name: learner?.firstName ?? 'Teacher', last_name: learner?.lastName ?? '', is_private: false }],
    });
  }
  sendJson(response, 404, { detail: 'Not found.' });
}

export async function startFakeStepik({ port = 0, host = '127.0.0.1', state = new FakeStepikState() } = {}): Promise<FakeStepik> {
  const server: Server = createServer((request, response) => {
    route(state, request, response).catch((error: unknown) => sendJson(response, 500, { detail: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actual}`,
    state,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
