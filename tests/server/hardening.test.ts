/**
 * The built server under hostile input, over real HTTP: the client address comes from the
 * socket whatever X-Forwarded-For says; bodies over the cap are refused before they are read;
 * every /api answer is JSON (404, 405 with Allow, 413, 503); each kind of page carries its
 * security and cache headers; files are served precompressed.
 */
import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtSite } from '../support/built-site.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

const OUT = builtSite();

function rssInMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

async function wrongPasswords(
  origin: string,
  count: number,
  forwardedFor: (i: number) => string,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${origin}/api/auth/password`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor(i) },
      body: JSON.stringify({ email: `guess${i}@example.ru`, password: '000000000' }),
    });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}

/**
 * Sends the headers and `sendBytes` of body, then waits for the answer without sending more:
 * a server that waits for the whole declared body never answers (the old one read it all).
 */
function postPartly(
  origin: string,
  path: string,
  declared: number | 'chunked',
  sendBytes: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, origin);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (declared !== 'chunked') headers['Content-Length'] = String(declared);
    const request = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers,
      agent: false,
    });
    const timer = setTimeout(
      () => reject(new Error('no answer within 20 s: the server waits for the body')),
      20_000,
    );
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (c) => (body += c));
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, body });
        request.destroy();
      });
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.write(Buffer.alloc(sendBytes, 0x61));
  });
}

/** Floods `bodyBytes` as fast as the socket takes them; how much went out before the server shut the door. */
function flood(origin: string, path: string, bodyBytes: number): Promise<number> {
  return new Promise((resolve) => {
    const url = new URL(path, origin);
    const request = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(bodyBytes) },
    });
    let sent = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      request.destroy();
      resolve(sent);
    };
    request.on('response', (response) => response.resume().on('end', finish));
    request.on('error', finish);
    request.on('close', finish);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const pump = (): void => {
      while (!done && sent < bodyBytes) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', pump);
      }
      if (!done) request.end();
    };
    pump();
  });
}

/** Sends `request` as raw bytes and gives everything the server wrote until it closed. */
function rawExchange(origin: string, request: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const url = new URL(origin);
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(request));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    // The server may close while we still send (a header flood): what it wrote still counts.
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error),
    );
    setTimeout(() => socket.destroy(), 20_000).unref();
  });
}

/** The status line, the headers by lower-case name, and the body of a raw HTTP/1.1 answer. */
function parseRawAnswer(raw: string): {
  statusLine: string;
  headers: Map<string, string>;
  body: string;
} {
  const end = raw.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n');
  const headers = new Map(
    lines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as const;
    }),
  );
  return { statusLine: statusLine!, headers, body: raw.slice(end + 4) };
}

describe('the production server', () => {
  let db: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    db = await createSqliteDatabase();
    server = await startBuiltServer(OUT, { DATABASE_URL: db.url, REQUEST_TIMEOUT: '2' });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('throttles by the socket address whatever X-Forwarded-For says (TRUSTED_PROXY_HOPS=0)', async () => {
    const statuses = await wrongPasswords(server.origin, 25, (i) => `203.0.113.${i + 1}`);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(5).fill(429));
  });

  it('refuses a 200 MB JSON body with 413 from its Content-Length, before reading it', async () => {
    const answer = await postPartly(server.origin, '/api/auth/password', 200 * 1024 * 1024, 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: 'body_too_large',
      message: expect.stringContaining('64 КБ'),
    });
  });

  it('shuts the door on a 200 MB flood and stays small', async () => {
    const before = rssInMb(server.pid);
    const sent = await flood(server.origin, '/api/auth/password', 200 * 1024 * 1024);
    expect(sent).toBeLessThan(100 * 1024 * 1024);
    expect(rssInMb(server.pid) - before).toBeLessThan(64);
  });

  it('refuses a chunked body past 64 KB with 413 after reading just past the cap', async () => {
    const answer = await postPartly(server.origin, '/api/auth/password', 'chunked', 100 * 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toBe('body_too_large');
  });

  it('refuses a big form post to a page with 413 JSON', async () => {
    const answer = await postPartly(server.origin, '/auth/telegram/callback', 100 * 1024, 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toBe('body_too_large');
  });

  it("answers a request Node cannot read with the contract's JSON, and closes the connection", async () => {
    const cases = [
      {
        // Over Node's 16 KB of headers.
        request: `GET /api/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40 * 1024)}\r\n\r\n`,
        status: '431 Request Header Fields Too Large',
        error: 'headers_too_large',
        message: 'Заголовки запроса больше 16 КБ.',
      },
      {
        request: 'GET /api/me HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n',
        status: '400 Bad Request',
        error: 'bad_request',
        message: expect.stringContaining('HTTP/1.1'),
      },
      {
        request: 'NOT A REQUEST\r\n\r\n',
        status: '400 Bad Request',
        error: 'bad_request',
        message: expect.stringContaining('HTTP/1.1'),
      },
    ];
    for (const { request, status, error, message } of cases) {
      const answer = parseRawAnswer(await rawExchange(server.origin, request));
      expect(answer.statusLine).toBe(`HTTP/1.1 ${status}`);
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('connection')).toBe('close');
      expect(Number(answer.headers.get('content-length'))).toBe(Buffer.byteLength(answer.body));
      expect(JSON.parse(answer.body)).toEqual({ error, message });
    }
  });

  it('drops a body that trickles in slower than REQUEST_TIMEOUT', async () => {
    const started = Date.now();
    const outcome = await new Promise<string>((resolve) => {
      const url = new URL(server.origin);
      const request = http.request({
        host: url.hostname,
        port: url.port,
        path: '/api/auth/password',
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': '100' },
      });
      request.on('response', (response) => resolve(`status ${response.statusCode}`));
      request.on('error', (error) => resolve(`error ${(error as NodeJS.ErrnoException).code}`));
      request.write('{"email":');
    });
    expect(outcome).toMatch(/^(status 408|error ECONNRESET|error EPIPE)/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('answers every /api path with JSON: 404 unknown, 405 with Allow', async () => {
    const missing = await fetch(`${server.origin}/api/no/such/route`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await missing.json()).toMatchObject({ error: 'not_found', message: expect.any(String) });

    const wrong = await fetch(`${server.origin}/api/me`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
    expect(await wrong.json()).toMatchObject({ error: 'method_not_allowed' });

    const getOnPost = await fetch(`${server.origin}/api/auth/password`);
    expect(getOnPost.status).toBe(405);
    expect(getOnPost.headers.get('allow')).toBe('POST');

    const gate = await fetch(`${server.origin}/api/lessons/1/video`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(gate.status).toBe(405);
    expect((await gate.json()).error).toBe('method_not_allowed');
  });

  it('answers a page any method it has no handler for with 405 JSON, not 500 (TRACE too)', async () => {
    // fetch cannot send TRACE or CONNECT-like methods: node:http can.
    const send = (method: string, path: string) =>
      new Promise<{ status: number; allow: string | undefined; body: string }>(
        (resolve, reject) => {
          const request = http.request(`${server.origin}${path}`, { method }, (response) => {
            let body = '';
            response.on('data', (chunk) => (body += chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, allow: response.headers.allow, body }),
            );
          });
          request.on('error', reject);
          request.end();
        },
      );
    for (const [method, path] of [
      ['POST', '/'],
      ['PUT', '/course/'],
      ['DELETE', '/login'],
      ['PATCH', '/cabinet-mini-app'],
      ['OPTIONS', '/404'],
      ['TRACE', '/lessons/welcome/'],
      ['TRACE', '/favicon.svg'],
      ['PROPFIND', '/robots.txt'],
    ] as const) {
      const answer = await send(method, path);
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 405 });
      expect(answer.allow).toBe('GET, HEAD');
      expect(JSON.parse(answer.body)).toMatchObject({
        error: 'method_not_allowed',
        message: expect.stringContaining('GET, HEAD'),
      });
    }
    // The pages that take a form's POST still take it, and say so to other methods.
    expect((await send('POST', '/auth/stepik-link')).status).not.toBe(405);
    // What they take is a form: JSON, a multipart without its boundary or no body at all is
    // their own 4xx outcome page ("this link did not work"), not a 500 from formData().
    for (const path of ['/auth/stepik-link', '/auth/telegram/callback']) {
      for (const [type, body] of [
        ['application/json', '{"token":"x"}'],
        ['multipart/form-data', '--x\r\nnonsense'],
        ['text/plain', ''],
      ] as const) {
        const answer = await fetch(`${server.origin}${path}`, {
          method: 'POST',
          headers: { 'Content-Type': type, Origin: server.origin },
          body,
          redirect: 'manual',
        });
        await answer.arrayBuffer();
        expect({ path, type, status: answer.status }).toMatchObject({ path, type });
        expect(answer.status, `${path} with ${type}`).toBeGreaterThanOrEqual(400);
        expect(answer.status, `${path} with ${type}`).toBeLessThan(500);
      }
    }
    expect((await send('PUT', '/auth/telegram/callback')).allow).toBe('GET, HEAD, POST');
  });

  it('gives each kind of page its security and cache headers', async () => {
    const kinds: [string, { frame: string; cache?: RegExp }][] = [
      ['/', { frame: "frame-ancestors 'self' https://web.telegram.org" }],
      [
        '/course',
        { frame: "frame-ancestors 'self' https://web.telegram.org", cache: /must-revalidate/ },
      ],
      ['/login', { frame: "frame-ancestors 'self' https://web.telegram.org" }],
      [
        '/cabinet',
        { frame: "frame-ancestors 'self' https://web.telegram.org", cache: /^private, no-store$/ },
      ],
      [
        '/cabinet-mini-app',
        { frame: "frame-ancestors 'self' https://web.telegram.org", cache: /^private, no-store$/ },
      ],
      ['/admin', { frame: "frame-ancestors 'none'", cache: /^private, no-store$/ }],
      ['/auth/google', { frame: "frame-ancestors 'none'" }],
      ['/api/me', { frame: "frame-ancestors 'none'", cache: /no-store/ }],
      ['/healthz', { frame: "frame-ancestors 'none'" }],
    ];
    for (const [path, expected] of kinds) {
      const response = await fetch(`${server.origin}${path}`, { redirect: 'manual' });
      await response.arrayBuffer();
      expect(response.status, path).toBeLessThan(500);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('content-security-policy'), path).toContain(expected.frame);
      expect(response.headers.get('strict-transport-security'), path).toBeNull();
      if (expected.cache)
        expect(response.headers.get('cache-control'), path).toMatch(expected.cache);
    }
    const lesson = (await fetch(`${server.origin}/course`).then((r) => r.text())).match(
      /href="(\/lessons\/[^"]+)"/,
    )![1]!;
    const page = await fetch(`${server.origin}${lesson}`);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self' https://telegram.org");
    expect(csp).toContain('frame-src https://play.boomstream.com https://oauth.telegram.org');
    expect(csp).toContain("object-src 'none'");
  });

  it('serves hashed assets immutable and pages precompressed by Accept-Encoding', async () => {
    const html = await fetch(`${server.origin}/course`).then((r) => r.text());
    const asset = html.match(/src="(\/_astro\/[^"]+\.js)"/)![1]!;
    const script = await fetch(`${server.origin}${asset}`);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const raw = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(`${server.origin}/course`, { headers: { 'Accept-Encoding': 'br' } }, resolve),
    );
    raw.resume();
    expect(raw.headers['content-encoding']).toBe('br');
    expect(raw.headers['vary']).toMatch(/Accept-Encoding/i);
    const gz = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(`${server.origin}/course`, { headers: { 'Accept-Encoding': 'gzip' } }, resolve),
    );
    gz.resume();
    expect(gz.headers['content-encoding']).toBe('gzip');
  });

  it('sends a precompressed copy by Accept-Encoding only, and the 404 page as a 404 by any name', async () => {
    // By its own name, a twin would be compressed bytes labelled as the page: the 404 page instead.
    for (const twin of ['/index.html.br', '/course/index.html.gz']) {
      const answer = await fetch(`${server.origin}${twin}`);
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-encoding')).toBeNull();
      expect(await answer.text()).toContain('Такой страницы нет');
    }
    // The built 404 page is a file too: by its names it still says 404, not 200.
    for (const [name, headers] of [
      ['/404', {}],
      ['/404.html', {}],
      ['/404/', {}],
      // Whole, whatever Range asks for.
      ['/404', { Range: 'bytes=0-10' }],
    ] as const) {
      const answer = await fetch(`${server.origin}${name}`, { headers });
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await answer.text()).toContain('Такой страницы нет');
    }
  });
});

describe('the production server with one trusted proxy (Render)', () => {
  it('takes the client from the right of X-Forwarded-For: rotating it is 25 clients, none throttled', async () => {
    const db = await createSqliteDatabase();
    const server = await startBuiltServer(OUT, {
      DATABASE_URL: db.url,
      TRUSTED_PROXY_HOPS: '1',
      APP_DOMAIN: 'https://course.example.ru',
    });
    try {
      const statuses = await wrongPasswords(
        server.origin,
        25,
        (i) => `198.51.100.7, 203.0.113.${i + 1}`,
      );
      expect(statuses).toEqual(Array(25).fill(401));
      // Spoofing the left part does not help: the right entry is what our proxy saw.
      const same = await wrongPasswords(server.origin, 21, (i) => `10.0.0.${i + 1}, 192.0.2.9`);
      expect(same.slice(20)).toEqual([429]);
      const home = await fetch(`${server.origin}/`);
      expect(home.headers.get('strict-transport-security')).toBe('max-age=31536000');
    } finally {
      await server.stop();
      await db.dispose();
    }
  }, 180_000);
});

describe('the production server without its database', () => {
  it('answers 503 JSON on session endpoints and sign-in, not 500', async () => {
    const server = await startBuiltServer(OUT, {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere',
    });
    try {
      const me = await fetch(`${server.origin}/api/me`, {
        headers: { Cookie: 'session=abcdefghijklmnopqrstuvwxyz234567' },
      });
      expect(me.status).toBe(503);
      expect(await me.json()).toMatchObject({
        error: 'database_unavailable',
        message: expect.any(String),
      });
      const signIn = await fetch(`${server.origin}/api/auth/password`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'a@example.ru', password: '123456789' }),
      });
      expect(signIn.status).toBe(503);
      expect(signIn.headers.get('content-type')).toMatch(/^application\/json/);
      const health = await fetch(`${server.origin}/healthz`);
      expect(health.status).toBe(503);
      // A page that needs the session says so in words, as a 503 to retry.
      const page = await fetch(`${server.origin}/cabinet`, {
        headers: { Cookie: 'session=abcdefghijklmnopqrstuvwxyz234567' },
        redirect: 'manual',
      });
      expect(page.status).toBe(503);
      expect(page.headers.get('retry-after')).toBe('5');
      expect(await page.text()).toBe('База данных не отвечает.');
    } finally {
      await server.stop();
    }
  });
});

describe('the production server on a database without its migrations', () => {
  it('fails its health check and answers 503 JSON, not 500, until they are applied', async () => {
    // Render: a web instance whose pre-deploy step has not run, or a database restored empty.
    const db = await createSqliteDatabase({ migrate: false });
    const server = await startBuiltServer(OUT, { DATABASE_URL: db.url });
    const signIn = (): Promise<Response> =>
      fetch(`${server.origin}/api/auth/password`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'a@example.ru', password: '123456789' }),
      });
    try {
      const health = await fetch(`${server.origin}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({
        ok: false,
        error: 'database_not_migrated',
        message: 'Сайт обновляется: база данных ещё не готова. Попробуйте через минуту.',
      });
      const refused = await signIn();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(await refused.json()).toMatchObject({ error: 'database_not_migrated' });
      expect(server.output()).toMatch(/has 0 of the \d+ migrations this build needs/);
      const page = await fetch(`${server.origin}/cabinet`, {
        headers: { Cookie: 'session=abcdefghijklmnopqrstuvwxyz234567' },
        redirect: 'manual',
      });
      expect(page.status).toBe(503);
      expect(await page.text()).toBe(
        'Сайт обновляется: база данных ещё не готова. Попробуйте через минуту.',
      );

      await migrateDatabase(db.database);
      expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
      expect((await signIn()).status).toBe(401);
    } finally {
      await server.stop();
      await db.dispose();
    }
  });
});
