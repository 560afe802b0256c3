/**
 * Benchmark: how fast the compiled CLI starts and how much memory the long-running processes
 * hold. Median wall time of N runs of `--help` and of `telegram check-init-data` (a vector on
 * stdin), beside bare `node -e 0` and the old tsx path measured in the same run; the idle RSS
 * of the bot worker against the fake Bot API, and of the built server before and after load.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setOverrides } from '#api/access/overrides.ts';
import { createSession } from '#api/auth/session.ts';
import { createPasswordUser } from '#api/auth/users.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { openDatabase } from '#api/db/client.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { signInitData } from '#api/telegram/index.ts';
import { buildNode } from '../build-node.ts';
import { isBuildCurrent, runAstroBuild, writeBuildStamp } from '../build.ts';
import { FAKE_BOT_TOKEN, startFakeTelegram } from '../fakes/telegram/server.ts';
import { runLoad } from './load.ts';
import { productionNodeFlags } from './production-flags.ts';

const ROOT = process.cwd();
const RUNS = 11;
/** This engineer's port range on the shared machine (4500–4519). */
const SERVER_PORT = 4510;
const FAKE_TELEGRAM_PORT = 4511;
const IDLE_MS = 3_000;
const MB = 1024 * 1024;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Preloaded into each timed run: the child's own CPU time (user + system) as its last stderr line. */
const REPORT_CPU = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ncpu-us='+(u.user+u.system)+'\\n')})`;

interface Timing {
  /** Median wall time, in seconds: what an operator waits. */
  wall: number;
  /** Median CPU time of the process, in seconds: steadier than wall time on a busy machine. */
  cpu: number;
}

/** Runs `node <args>` to the end RUNS times. */
function timeRuns(args: string[], input = ''): Timing {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, ['--import', REPORT_CPU, ...args], {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    wall.push((performance.now() - started) / 1000);
    if (result.status !== 0)
      throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    cpu.push(Number(/cpu-us=(\d+)\s*$/.exec(result.stderr)?.[1] ?? NaN) / 1e6);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** Resident and peak memory of a running process, from /proc (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

function startProcess(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ASTRO_NODE_LOGGING: 'disabled', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  return { child, output: () => output };
}

async function waitFor(
  what: string,
  ready: () => Promise<boolean> | boolean,
  process: { child: ChildProcess; output: () => string },
): Promise<void> {
  for (
    const deadline = Date.now() + 60_000;
    !(await ready());
    await new Promise((r) => setTimeout(r, 50))
  ) {
    if (process.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`${what} did not start:\n${process.output()}`);
  }
}

const answers = (url: string) => async (): Promise<boolean> =>
  fetch(url).then(
    (r) => r.ok,
    () => false,
  );

async function prepareDatabase(url: string): Promise<{ cookie: string; lessonId: string }> {
  const database = openDatabase(url);
  await migrateDatabase(database);
  const { course } = loadCourseContent(path.join(ROOT, 'content'));
  const lesson = listLessons(course).find((l) => l.videos.length > 0)!;
  const user = await createPasswordUser(database, {
    email: 'bench-cli@example.ru',
    password: '000000000',
  });
  await setOverrides(database, {
    userId: user.id,
    lessons: [lesson],
    action: 'grant',
    actor: 'bench',
  });
  const { token } = await createSession(database, user.id);
  await database.close();
  return { cookie: `session=${token}`, lessonId: String(lesson.stepikLessonId ?? lesson.slug) };
}

/**
 * What `npm run build` makes, in dist/ as production has it: the site when its sources changed
 * (as `npm start` decides), then dist/node (always: astro build empties dist/).
 */
async function buildForProduction(): Promise<{ nodeDir: string; nodeSeconds: number }> {
  const dist = path.join(ROOT, 'dist');
  if (!isBuildCurrent(ROOT, dist, 'content')) {
    const site = await runAstroBuild(ROOT, {
      ...process.env,
      ASTRO_OUT_DIR: '',
      CONTENT_DIR: 'content',
    });
    if (site.code !== 0) throw new Error(site.output);
    writeBuildStamp(ROOT, dist, 'content');
  }
  const started = performance.now();
  const { outDir } = await buildNode(ROOT);
  return { nodeDir: outDir, nodeSeconds: (performance.now() - started) / 1000 };
}

/** Render's start command for the web service, its Node flags too: dist/node/server.mjs once it exists. */
function serverCommand(nodeDir: string): { args: string[]; label: string } {
  const server = path.join(nodeDir, 'server.mjs');
  const flags = productionNodeFlags();
  const label = (entry: string): string => ['node', ...flags, entry].join(' ');
  return existsSync(server)
    ? { args: [...flags, server], label: label('dist/node/server.mjs') }
    : {
        args: [...flags, path.join(nodeDir, 'cli.mjs'), 'serve'],
        label: label('dist/node/cli.mjs serve'),
      };
}

const row = (what: string, value: string, target: string, ok: boolean | undefined): string =>
  `| ${what} | ${value} | ${target} | ${ok === undefined ? '' : ok ? 'yes' : '**no**'} |`;
const ms = (seconds: number): string => `${Math.round(seconds * 1000)} ms`;
/** On a shared machine node's own start-up varies most: the part above it is the CLI's. */
const overBare = (t: Timing, bare: Timing): string =>
  `${ms(t.wall)} (node itself + ${ms(Math.max(0, t.wall - bare.wall))}); CPU ${ms(t.cpu)}`;
const mb = (bytes: number): string => `${Math.round(bytes / MB)} MB`;

export async function benchCli(): Promise<void> {
  const { nodeDir: outDir, nodeSeconds: buildSeconds } = await buildForProduction();
  const cli = path.join(outDir, 'cli.mjs');
  const token = '123456:BENCH';
  const initData = signInitData(
    { auth_date: String(Math.floor(Date.now() / 1000)), user: '{"id":1,"first_name":"Bench"}' },
    token,
  );
  const check = ['telegram', 'check-init-data', '--token', token];

  const bare = timeRuns(['-e', '0']);
  const help = timeRuns([cli, '--help']);
  const helpViaBin = timeRuns([path.join(ROOT, 'scripts/bin.mjs'), '--help']);
  const checkInit = timeRuns([cli, ...check], initData);
  const helpTsx = timeRuns(['--import', 'tsx', path.join(ROOT, 'scripts/run-cli.ts'), '--help']);

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-cli-'));
  const children: ChildProcess[] = [];
  const fake = await startFakeTelegram({ port: FAKE_TELEGRAM_PORT });
  const server = serverCommand(outDir);
  try {
    const dbUrl = `file:${path.join(tmp, 'bench.db')}`;
    const { cookie, lessonId } = await prepareDatabase(dbUrl);
    const env = { APP_ENV: 'development', DATABASE_URL: dbUrl, CONTENT_DIR: 'content' };

    const bot = startProcess([path.join(outDir, 'bot.mjs')], {
      ...env,
      TELEGRAM_BOT_TOKEN_DEV: FAKE_BOT_TOKEN,
      TELEGRAM_API_ROOT: fake.url,
      APP_DOMAIN: 'course.test',
    });
    children.push(bot.child);
    await waitFor('the bot worker', () => bot.output().includes('long polling'), bot);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const botMemory = memoryOf(bot.child.pid!);

    const origin = `http://127.0.0.1:${SERVER_PORT}`;
    const web = startProcess(server.args, {
      ...env,
      HOST: '127.0.0.1',
      PORT: String(SERVER_PORT),
      APP_DOMAIN: origin,
    });
    children.push(web.child);
    await waitFor('the server', answers(`${origin}/healthz`), web);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const serverIdle = memoryOf(web.child.pid!);
    const gate = await runLoad(`${origin}/api/lessons/${lessonId}/video`, {
      headers: { Cookie: cookie },
    });
    const page = await runLoad(`${origin}/`);
    const serverLoaded = memoryOf(web.child.pid!);

    console.log(
      `${RUNS} runs each (medians); the machine's bare \`node -e 0\` took ${ms(bare.wall)} (CPU ${ms(bare.cpu)}) in the same run. dist/node built in ${buildSeconds.toFixed(1)} s.\n`,
    );
    console.log('| what | measured | target | met |');
    console.log('| --- | --- | --- | --- |');
    console.log(
      row('`node dist/node/cli.mjs --help`', overBare(help, bare), '≤ 300 ms', help.wall <= 0.3),
    );
    console.log(
      row(
        '`node scripts/bin.mjs --help` (checks the build stamp first)',
        overBare(helpViaBin, bare),
        '≤ 300 ms',
        helpViaBin.wall <= 0.3,
      ),
    );
    console.log(
      row(
        '`telegram check-init-data` (initData on stdin)',
        overBare(checkInit, bare),
        '≤ 500 ms',
        checkInit.wall <= 0.5,
      ),
    );
    console.log(
      row(
        '`--help` through tsx (before: the sources compiled at start)',
        overBare(helpTsx, bare),
        '—',
        undefined,
      ),
    );
    console.log(
      row(
        'bot worker idle RSS (dist/node/bot.mjs, fake Bot API)',
        mb(botMemory.rss),
        '≤ 120 MB',
        botMemory.rss <= 120 * MB,
      ),
    );
    console.log(
      row(
        `server idle RSS (${server.label})`,
        mb(serverIdle.rss),
        '≤ 120 MB',
        serverIdle.rss <= 120 * MB,
      ),
    );
    console.log(
      row(
        `server RSS after load (gate ${Math.round(gate.perSecond)} req/s, page ${Math.round(page.perSecond)} req/s; peak ${mb(serverLoaded.peak)})`,
        mb(serverLoaded.rss),
        '≤ 180 MB',
        serverLoaded.rss <= 180 * MB,
      ),
    );
    if (gate.errors || page.errors)
      console.log(`\nerrors under load: gate ${gate.errors}, page ${page.errors}`);
  } finally {
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) =>
            child.exitCode !== null
              ? resolve(null)
              : (child.once('exit', resolve), child.kill('SIGTERM')),
          ),
      ),
    );
    await fake.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
