/** The fake's OAuth 2 endpoints: /oauth2/authorize/ and /oauth2/token/, shaped as stepik-api.md §2. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, readText, redirect, sendHtml, sendJson } from './http.ts';
import type { FakeStepikState } from './state.ts';

function clientCredentials(
  request: IncomingMessage,
  form: URLSearchParams,
): { id: string; secret: string } | null {
  const basic = /^Basic (\S+)$/.exec(request.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0)
      return {
        id: decodeURIComponent(decoded.slice(0, colon)),
        secret: decodeURIComponent(decoded.slice(colon + 1)),
      };
  }
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  return id && secret ? { id, secret } : null;
}

export function authorize(state: FakeStepikState, url: URL, response: ServerResponse): void {
  const clientId = url.searchParams.get('client_id') ?? '';
  const redirectUri = url.searchParams.get('redirect_uri') ?? '';
  if (
    url.searchParams.get('response_type') !== 'code' ||
    !state.clients.has(clientId) ||
    !/^https?:\/\//.test(redirectUri)
  ) {
    return sendHtml(
      response,
      400,
      '<h1>invalid_request</h1><p>Unknown client_id, or a missing redirect_uri / response_type=code.</p>',
    );
  }
  const as = Number(url.searchParams.get('as') ?? state.autoApproveAs ?? NaN);
  if (Number.isInteger(as) && state.learners.has(as)) {
    const back = new URL(redirectUri);
    back.searchParams.set('code', state.issueCode(as, clientId, redirectUri));
    const s = url.searchParams.get('state');
    if (s !== null) back.searchParams.set('state', s);
    return redirect(response, back.toString());
  }
  // The demo: pick which learner you are, as if you had signed in to Stepik.
  const links = [...state.learners.values()]
    .map((l) => {
      const choose = new URL(url);
      choose.searchParams.set('as', String(l.id));
      return `<li><a href="${escapeHtml(choose.pathname + choose.search)}">${escapeHtml(`${l.firstName} ${l.lastName}`)} (id ${l.id})</a></li>`;
    })
    .join('');
  sendHtml(
    response,
    200,
    `<!doctype html><meta charset="utf-8"><title>Fake Stepik</title><h1>Fake Stepik: войти как…</h1><ul>${links}</ul>`,
  );
}

export async function token(
  state: FakeStepikState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const form = new URLSearchParams(await readText(request));
  const client = clientCredentials(request, form);
  if (!client || state.clients.get(client.id) !== client.secret)
    return sendJson(response, 401, { error: 'invalid_client' });
  const grant = form.get('grant_type');
  if (grant === 'client_credentials') {
    const issued = state.issueToken(state.appOwner(client.id), client.id);
    return sendJson(response, 200, {
      access_token: issued.token,
      scope: 'read write',
      expires_in: issued.expiresIn,
      token_type: 'Bearer',
    });
  }
  if (grant === 'authorization_code') {
    const code = state.codes.get(form.get('code') ?? '');
    state.codes.delete(form.get('code') ?? '');
    if (
      !code ||
      code.expiresAt < Date.now() ||
      code.clientId !== client.id ||
      code.redirectUri !== form.get('redirect_uri')
    ) {
      return sendJson(response, 400, { error: 'invalid_grant' });
    }
    const issued = state.issueToken(code.userId, client.id);
    return sendJson(response, 200, {
      access_token: issued.token,
      scope: 'read',
      expires_in: issued.expiresIn,
      token_type: 'Bearer',
      refresh_token: `r-${issued.token}`,
    });
  }
  sendJson(response, 400, { error: 'unsupported_grant_type' });
}
