/**
 * Built files answered from memory must be answered exactly as sirv answers them from disk:
 * the same status, body and headers for every way of asking, and sirv still gets what memory
 * does not hold (ranges, large files, a spent budget).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import sirv from 'sirv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryFiles } from '#server/static-memory.ts';

const cacheControl = (pathname: string): string =>
  pathname.startsWith('/_astro/')
    ? 'public, max-age=31536000, immutable'
    : 'public, max-age=0, must-revalidate';

let dir: string;
const servers: http.Server[] = [];

function write(name: string, body: string | Buffer, compress = false): void {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, body);
  if (compress) {
    writeFileSync(`${file}.br`, brotliCompressSync(body));
    writeFileSync(`${file}.gz`, gzipSync(body));
  }
}

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function ask(
  base: string,
  pathname: string,
  method: string,
  headers: Record<string, string>,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${pathname}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const {
          date: _date,
          connection: _connection,
          'keep-alive': _keepAlive,
          'transfer-encoding': _te,
          ...rest
        } = res.headers;
        resolve({ status: res.statusCode!, headers: rest, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

let fromDisk: string;
let fromMemoryBase: string;
let served: { memory: number; disk: number };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'static-memory-'));
  write('index.html', '<h1>Курс</h1>'.repeat(50), true);
  write('lessons/intro/index.html', '<p>Урок</p>'.repeat(200), true);
  write('_astro/app.1a2b3c.js', 'console.log(1);'.repeat(100), true);
  write('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
  write('big.js', 'x'.repeat(300 * 1024));
  write('.secret.html', 'no');
  const disk = sirv(dir, {
    dev: false,
    etag: true,
    gzip: true,
    brotli: true,
    setHeaders: (res, pathname) => res.setHeader('Cache-Control', cacheControl(pathname)),
  });
  const notFound = (res: ServerResponse) => () => {
    res.statusCode = 404;
    res.end('not here');
  };
  fromDisk = await listen((req, res) => disk(req, res, notFound(res)));
  const memory = createMemoryFiles(dir, { cacheControl });
  served = { memory: 0, disk: 0 };
  fromMemoryBase = await listen((req, res) => {
    const pathname = decodeURI(new URL(req.url!, 'http://x').pathname);
    if (memory(req, res, pathname)) served.memory++;
    else {
      served.disk++;
      disk(req, res, notFound(res));
    }
  });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

describe('built files from memory', () => {
  const paths = [
    '/',
    '/index.html',
    '/lessons/intro',
    '/lessons/intro/',
    '/lessons/intro/index.html',
    '/_astro/app.1a2b3c.js',
    '/favicon.svg',
    '/big.js',
    '/missing',
    '/.secret.html',
    '/lessons/%D1%83',
  ];
  const asks: [string, Record<string, string>][] = [
    ['GET', {}],
    ['GET', { 'Accept-Encoding': 'br, gzip' }],
    ['GET', { 'Accept-Encoding': 'gzip, deflate' }],
    ['HEAD', { 'Accept-Encoding': 'br' }],
    ['GET', { Range: 'bytes=0-9' }],
  ];
  for (const pathname of paths) {
    for (const [method, headers] of asks) {
      it(`${method} ${pathname} ${JSON.stringify(headers)} answers as sirv does`, async () => {
        const [disk, memory] = await Promise.all([
          ask(fromDisk, pathname, method, headers),
          ask(fromMemoryBase, pathname, method, headers),
        ]);
        expect(memory.status).toBe(disk.status);
        expect(memory.headers).toEqual(disk.headers);
        expect(memory.body.equals(disk.body)).toBe(true);
      });
    }
  }

  it('answers If-None-Match with 304 like sirv', async () => {
    const first = await ask(fromMemoryBase, '/lessons/intro', 'GET', { 'Accept-Encoding': 'br' });
    const etag = String(first.headers.etag);
    const [disk, memory] = await Promise.all([
      ask(fromDisk, '/lessons/intro', 'GET', { 'Accept-Encoding': 'br', 'If-None-Match': etag }),
      ask(fromMemoryBase, '/lessons/intro', 'GET', {
        'Accept-Encoding': 'br',
        'If-None-Match': etag,
      }),
    ]);
    expect(memory.status).toBe(304);
    expect(disk.status).toBe(304);
    expect(memory.body.length).toBe(0);
  });

  it('holds the small files and leaves ranges and large files to the disk server', async () => {
    served.memory = 0;
    served.disk = 0;
    await ask(fromMemoryBase, '/lessons/intro', 'GET', { 'Accept-Encoding': 'br' });
    await ask(fromMemoryBase, '/big.js', 'GET', {});
    await ask(fromMemoryBase, '/lessons/intro', 'GET', { Range: 'bytes=0-3' });
    expect(served).toEqual({ memory: 1, disk: 2 });
  });

  it('keeps under its budget: what does not fit is served from disk, never uncompressed in its place', async () => {
    const small = createMemoryFiles(dir, { cacheControl, maxTotalBytes: 600 });
    expect(small.heldBytes).toBeLessThanOrEqual(600);
    const base = await listen((req, res) => {
      if (!small(req, res, new URL(req.url!, 'http://x').pathname)) {
        res.statusCode = 599;
        res.end();
      }
    });
    // The lesson page and its twins are larger than the budget: not held at all.
    expect((await ask(base, '/lessons/intro', 'GET', { 'Accept-Encoding': 'br' })).status).toBe(
      599,
    );
  });
});
