/**
 * A fake Google OpenID provider for tests: the authorization endpoint approves at once as the
 * configured profile, the token endpoint checks the client, the code and the PKCE verifier and
 * returns an ID token with the claims Google sends.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GoogleProfileClaims {
  sub: string;
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
}

export interface FakeGoogle {
  url: string;
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Who "signs in" at the next authorization. */
  profile: GoogleProfileClaims;
  close(): Promise<void>;
}

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

export async function startFakeGoogle(): Promise<FakeGoogle> {
  const codes = new Map<
    string,
    { challenge: string; redirectUri: string; profile: GoogleProfileClaims }
  >();
  const fake = {
    clientId: 'google-client',
    clientSecret: 'google-secret',
    profile: { sub: 'g-1' } as GoogleProfileClaims,
  } as FakeGoogle;
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/auth') {
      const q = url.searchParams;
      if (
        q.get('client_id') !== fake.clientId ||
        q.get('code_challenge_method') !== 'S256' ||
        !q.get('scope')?.split(' ').includes('openid')
      ) {
        response.writeHead(400).end('bad authorization request');
        return;
      }
      const code = randomBytes(8).toString('hex');
      codes.set(code, {
        challenge: q.get('code_challenge')!,
        redirectUri: q.get('redirect_uri')!,
        profile: { ...fake.profile },
      });
      const back = new URL(q.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state')!);
      response.writeHead(302, { Location: back.toString() }).end();
      return;
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      let body = '';
      for await (const chunk of request) body += chunk;
      const form = new URLSearchParams(body);
      const basic = Buffer.from(
        (request.headers.authorization ?? '').replace(/^Basic /, ''),
        'base64',
      ).toString();
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (basic !== `${fake.clientId}:${fake.clientSecret}`)
        return void response
          .writeHead(401, { 'Content-Type': 'application/json' })
          .end('{"error":"invalid_client"}');
      if (
        !grant ||
        grant.redirectUri !== form.get('redirect_uri') ||
        b64url(createHash('sha256').update(verifier).digest()) !== grant.challenge
      ) {
        return void response
          .writeHead(400, { 'Content-Type': 'application/json' })
          .end('{"error":"invalid_grant"}');
      }
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: fake.url,
        aud: fake.clientId,
        iat: now,
        exp: now + 3600,
        ...grant.profile,
      };
      const idToken = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}.${b64url('not-checked')}`;
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          access_token: 'at',
          token_type: 'Bearer',
          expires_in: 3600,
          id_token: idToken,
          scope: 'openid email profile',
        }),
      );
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.authorizeUrl = `${fake.url}/auth`;
  fake.tokenUrl = `${fake.url}/token`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
