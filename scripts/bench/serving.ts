/**
 * `npm run bench -- serving`: the serving path in one run, beside a bare node:http hello server
 * measured the same way — the gate (open and closed lesson) on SQLite and PostgreSQL,
 * /api/progress, a static lesson page with `Accept-Encoding: br`, and the server's memory
 * before and after. Uses wrk (apt-get install wrk) when it is on PATH, else a Node client.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { setOverrides } from '#api/access/overrides.ts';
import { createSession } from '#api/auth/session.ts';
import { createPasswordUser } from '#api/auth/users.ts';
import { saveGrant } from '#api/boomstream/grant-store.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { lessonApiId } from '#api/course/public.ts';
import { openDatabase } from '#api/db/client.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { runAstroBuild } from '../build.ts';
import { buildNode } from '../build-node.ts';
import { runLoad, type LoadResult } from './load.ts';
import { productionNodeFlags } from './production-flags.ts';

const ROOT = process.cwd();
const PG_ADMIN_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const CONNECTIONS = 64;
const SECONDS = 5;
/** Hello and target, back to back, this many times each: the row is the pair with the median ratio. */
const PAIRS = 3;
const PAIR_SECONDS = 3;
/** The production entry, built from the current sources into a folder of the bench's own. */
const NODE_OUT = path.join(ROOT, '.bench', 'node');
const SERVER_ARGS = (): string[] => [...productionNodeFlags(), path.join(NODE_OUT, 'server.mjs')];

/**
 * With two cores or more and taskset (util-linux), wrk runs on core 1 only, so it cannot take
 * the server's core. The server is not pinned: its GC threads need the other core's spare time
 * (pinned to one core, the paths that allocate most halved, with p99 over a second).
 */
const PINNED = os.cpus().length >= 2 && hasCommand('taskset', ['--version']);
const pinned = (core: number, command: string, args: string[]): [string, string[]] =>
  PINNED ? ['taskset', ['-c', String(core), command, ...args]] : [command, args];

function hasCommand(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as { code?: string }).code !== 'ENOENT';
  }
}

interface Measured extends LoadResult {
  tool: 'wrk' | 'node';
}

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version.
    return (error as { status?: number }).status === 1;
  }
}

function parseMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

function wrk(
  url: string,
  headers: Record<string, string>,
  expectStatus: number,
  seconds: number,
): Measured {
  const args = [
    '-t1',
    `-c${CONNECTIONS}`,
    `-d${seconds}s`,
    '--latency',
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    url,
  ];
  // warm-up
  execFileSync(...pinned(1, 'wrk', ['-t1', `-c${CONNECTIONS}`, '-d1s', ...args.slice(3)]), {
    stdio: 'ignore',
  });
  const out = execFileSync(...pinned(1, 'wrk', args), { encoding: 'utf8' });
  const perSecond = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const errors = [...out.matchAll(/(connect|read|write|timeout) (\d+)/g)].reduce(
    (sum, m) => sum + Number(m[2]),
    0,
  );
  // A closed lesson's 403 is the expected answer: then every answer must be one (wrk counts them as non-2xx).
  const wrong = expectStatus === 200 ? non2xx : requests - non2xx;
  return {
    tool: 'wrk',
    requests,
    errors: errors + wrong,
    seconds,
    perSecond,
    // The latency distribution's lines only: "75.50%" in the thread stats' column must not match.
    p50InMs: parseMs(/^\s*50%\s+(\S+)$/m.exec(out)?.[1] ?? ''),
    p99InMs: parseMs(/^\s*99%\s+(\S+)$/m.exec(out)?.[1] ?? ''),
  };
}

/** One request on a connection of its own (a pooled one may have been closed by the server's keep-alive timeout). */
function probeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
  });
}

async function measure(
  url: string,
  headers: Record<string, string> = {},
  expectStatus = 200,
  seconds = SECONDS,
): Promise<Measured> {
  const status = await probeStatus(url, headers);
  if (status !== expectStatus)
    throw new Error(`${url} answered ${status}, expected ${expectStatus}`);
  if (hasWrk()) return wrk(url, headers, expectStatus, seconds);
  return {
    tool: 'node',
    ...(await runLoad(url, { connections: CONNECTIONS, seconds, headers, expectStatus })),
  };
}

function rssInMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Math.round(Number(line.replace(/\D+/g, '')) / 1024);
}

async function startChild(
  args: string[],
  env: Record<string, string>,
  port: number,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`server on ${port} did not start`)), 120_000);
    child.stdout!.on('data', (chunk) => {
      seen += chunk;
      if (/listening on|ready/.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`server on ${port} exited (${code})`)));
  });
  child.stdout!.resume();
  return child;
}

/** SIGTERM, then wait for the exit (the server closes its database first; a profile is written). */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
}

export async function prepare(
  url: string,
): Promise<{ cookie: string; open: string; closed: string; page: string }> {
  const database = openDatabase(url);
  await migrateDatabase(database);
  const { course } = loadCourseContent(path.join(ROOT, 'content'));
  const lessons = listLessons(course).filter(
    (l) => l.videos.length > 0 && l.stepikLessonId !== null,
  );
  const open = lessons.find((l) => l.videos.length > 1)!;
  const closed = lessons.filter((l) => l !== open).at(-1)!;
  const user = await createPasswordUser(database, {
    email: `bench-${Date.now()}@example.ru`,
    password: '000000000',
  });
  await setOverrides(database, {
    userId: user.id,
    lessons: [open],
    action: 'grant',
    actor: 'bench',
  });
  // As in production, the answer carries the student's Boomstream grants (recorded, fresh).
  for (const video of open.videos)
    await saveGrant(database, {
      userId: user.id,
      mediaCode: video.code,
      hash: `bench-${user.id}-${video.code}`,
      endDate: new Date(Date.now() + 30 * 86_400_000),
    });
  const { token } = await createSession(database, user.id);
  await database.close();
  return {
    cookie: `session=${token}`,
    open: lessonApiId(open),
    closed: lessonApiId(closed),
    page: `/lessons/${open.slug}`,
  };
}

/** BENCH_TARGETS=open,closed,progress,page measures only those (all by default). */
const wants = (target: string): boolean =>
  !process.env.BENCH_TARGETS || process.env.BENCH_TARGETS.split(',').includes(target);

export interface ServingRow {
  name: string;
  result: Measured;
  /** The bare hello measured just before this target: the ratio's denominator. */
  hello: Measured;
}

const row = (r: ServingRow): string =>
  `| ${r.name} | ${Math.round(r.result.perSecond)} | ${r.result.p50InMs.toFixed(1)} | ${r.result.p99InMs.toFixed(1)} | ${r.result.errors} | ${Math.round(r.hello.perSecond)} | ${(r.result.perSecond / r.hello.perSecond).toFixed(2)} | ${r.result.tool} |`;

export async function benchServing(): Promise<void> {
  const out = path.join(ROOT, '.bench', 'serving-site');
  const build = await runAstroBuild(ROOT, {
    ...process.env,
    ASTRO_OUT_DIR: out,
    CONTENT_DIR: 'content',
  });
  if (build.code !== 0) throw new Error(build.output);
  await buildNode(ROOT, NODE_OUT);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-serving-'));
  const pgName = `bench_${Date.now()}`;
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${pgName}`);
  const pgUrl = new URL(PG_ADMIN_URL);
  pgUrl.pathname = `/${pgName}`;
  const children: ChildProcess[] = [];
  const rows: ServingRow[] = [];
  const memory: string[] = [];
  try {
    const hello = await startChild([path.join(ROOT, 'scripts/bench/hello-server.mjs')], {}, 4601);
    children.push(hello);
    const helloUrl = 'http://127.0.0.1:4601/';
    /**
     * A target beside the bare hello, alternately: this machine's speed drifts (other tenants)
     * by ±30 % and more within a minute, so each ratio compares runs seconds apart, not to one
     * hello at the start, and the median of a few pairs stands.
     */
    const measurePair = async (
      name: string,
      url: string,
      headers: Record<string, string> = {},
      expectStatus = 200,
    ): Promise<void> => {
      const pairs: { hello: Measured; result: Measured }[] = [];
      for (let i = 0; i < PAIRS; i++) {
        const hello = await measure(helloUrl, {}, 200, PAIR_SECONDS);
        pairs.push({ hello, result: await measure(url, headers, expectStatus, PAIR_SECONDS) });
      }
      const ratio = (p: (typeof pairs)[number]): number => p.result.perSecond / p.hello.perSecond;
      pairs.sort((a, b) => ratio(a) - ratio(b));
      rows.push({ name, ...pairs[Math.floor(PAIRS / 2)]! });
    };
    const base = await measure(helloUrl);
    rows.push({ name: 'node:http hello', result: base, hello: base });
    const dialects = [
      ['SQLite', `file:${path.join(tmp, 'bench.db')}`, 4602],
      ['PostgreSQL', pgUrl.toString(), 4603],
    ] as const;
    // BENCH_DIALECTS=SQLite measures one of them only.
    const only = process.env.BENCH_DIALECTS?.split(',');
    for (const [dialect, url, port] of dialects.filter(([name]) => !only || only.includes(name))) {
      const fixture = await prepare(url);
      const origin = `http://127.0.0.1:${port}`;
      // BENCH_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server under the load.
      const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
      const server = await startChild(
        [...flags, ...SERVER_ARGS()],
        {
          DATABASE_URL: url,
          SITE_DIR: out,
          APP_DOMAIN: origin,
          // A Boomstream API as in production; nothing calls it while the grants are fresh.
          BOOMSTREAM_SECRET: 'bench-key',
          BOOMSTREAM_SUBSCRIPTION: 'BenchSub',
          BOOMSTREAM_API_URL: 'http://127.0.0.1:9/',
        },
        port,
      );
      children.push(server);
      const idle = rssInMb(server.pid!);
      const auth = { Cookie: fixture.cookie };
      // As in production, where pages render on demand beside the API: what one render leaves
      // behind (promise hooks once did, server/astro-entry.ts) is measured with the API.
      const cabinet = await fetch(`${origin}/cabinet`, { headers: auth });
      await cabinet.arrayBuffer();
      if (cabinet.status !== 200) throw new Error(`${origin}/cabinet answered ${cabinet.status}`);
      if (wants('open'))
        await measurePair(
          `gate, open lesson, ${dialect}`,
          `${origin}/api/lessons/${fixture.open}/video`,
          auth,
        );
      if (wants('closed'))
        await measurePair(
          `gate, closed lesson (403), ${dialect}`,
          `${origin}/api/lessons/${fixture.closed}/video`,
          auth,
          403,
        );
      if (wants('progress'))
        await measurePair(`/api/progress, ${dialect}`, `${origin}/api/progress`, auth);
      if (dialect === 'SQLite' && wants('page'))
        await measurePair('static lesson page, br', `${origin}${fixture.page}`, {
          'Accept-Encoding': 'br',
        });
      memory.push(
        `server RSS on ${dialect}: ${idle} MB idle, ${rssInMb(server.pid!)} MB after the load`,
      );
      await stopChild(server);
    }
    console.log(
      `${CONNECTIONS} connections, load generator on the same machine${PINNED ? ' (wrk on core 1)' : ''}. Each target: ${PAIRS} pairs of the bare hello and the target, ${PAIR_SECONDS} s each after 1 s of warm-up, back to back; the row is the pair with the median ratio.\n`,
    );
    console.log(
      '| target | requests/s | p50 ms | p99 ms | errors | hello beside it, req/s | ratio to hello | client |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of rows) console.log(row(r));
    console.log('');
    for (const line of memory) console.log(`- ${line}`);
  } finally {
    for (const child of children) child.kill();
    await admin.unsafe(`drop database if exists ${pgName} with (force)`);
    await admin.end();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
    rmSync(NODE_OUT, { recursive: true, force: true });
  }
}
