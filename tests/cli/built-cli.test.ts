/**
 * The compiled CLI and bot worker (scripts/build-node.ts → dist/node), built once into a scratch
 * folder inside the project (the bundles resolve node_modules from where they lie): they run
 * with plain node, each command imports only its own module, and the production paths — serve,
 * bot run, sync, the telegram checks — never load GramJS, the fakes, the importers, drizzle-kit,
 * esbuild or a TypeScript compiler.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode, isNodeBuildCurrent, type NodeBuild } from '#scripts/build-node.ts';
import { commands } from '#scripts/commands/index.ts';
import { FAKE_BOT_TOKEN, startFakeTelegram } from '#scripts/fakes/telegram/server.ts';
import { createSqliteDatabase } from '../support/databases.ts';
import { EXAMPLE_NOW, EXAMPLE_RAW, EXAMPLE_TOKEN } from '../telegram/worked-example.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(ROOT, '.test-builds', `node-${process.pid}`);
const RECORDER = path.join(ROOT, 'tests/support/record-imports.mjs');
/** Outside the project: no .env, no dist/server, so serve and friends stop right after loading. */
const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'built-cli-'));
let build: NodeBuild;

beforeAll(async () => {
  build = await buildNode(ROOT, OUT);
});
afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

/** Settings that would change what a command does; empty means unset. */
const quiet = {
  APP_ENV: 'development',
  TELEGRAM_BOT_TOKEN_DEV: '',
  STEPIC_CLIENT_ID: '',
  STEPIC_SECRET: '',
  DATABASE_URL: `file:${path.join(elsewhere, 'app.db')}`,
};

function runBuilt(
  args: string[],
  {
    input,
    env = {},
    cwd = ROOT,
    record,
  }: { input?: string; env?: Record<string, string>; cwd?: string; record?: string } = {},
) {
  const flags = record ? ['--import', RECORDER] : [];
  const result = spawnSync(process.execPath, [...flags, path.join(OUT, 'cli.mjs'), ...args], {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ...quiet, ...env, ...(record ? { RECORD_IMPORTS_FILE: record } : {}) },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What a command loaded: npm packages by name, and the project's sources inside the loaded chunks. */
function loadedBy(
  args: string[],
  input?: string,
): { packages: Set<string>; sources: Set<string>; typescript: string[] } {
  const record = path.join(elsewhere, `imports-${args.join('-')}.txt`);
  runBuilt(args, { input, cwd: elsewhere, record });
  const urls = readFileSync(record, 'utf8')
    .split('\n')
    .filter((u) => u.startsWith('file:'));
  const packages = new Set<string>();
  const sources = new Set<string>();
  for (const url of urls) {
    const file = fileURLToPath(url);
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (m) packages.add(m[1]!);
    const output = build.metafiles.cli!.outputs[path.relative(ROOT, file)];
    for (const input of Object.keys(output?.inputs ?? {})) sources.add(input);
  }
  return { packages, sources, typescript: urls.filter((u) => /\.[mc]?ts$/.test(u)) };
}

const HEAVY_PACKAGES = ['telegram', 'drizzle-kit', 'esbuild', 'tsx', 'astro'];
const HEAVY_SOURCES = /^(scripts\/fakes|scripts\/bench|api\/import|api\/telegram-group)\//;

describe('the compiled CLI (dist/node/cli.mjs)', () => {
  it('is current right after the build, by the stamp bin.mjs checks', () => {
    expect(isNodeBuildCurrent(ROOT, OUT)).toBe(true);
  });

  it('lists every command on --help', () => {
    const help = runBuilt(['--help']);
    expect(help.code).toBe(0);
    for (const command of commands) expect(help.stdout).toContain(`  ${command.name}`);
  });

  it('keeps each command module in a chunk of its own that plain node loads', () => {
    const chunks = Object.entries(build.metafiles.cli!.outputs).filter(([, o]) =>
      o.entryPoint?.startsWith('scripts/commands/'),
    );
    // One process for all of them: what each chunk exports that looks like a command.
    const files = chunks.map(([file]) => pathToFileURL(path.join(ROOT, file)).href);
    const script = `const names = []; for (const f of ${JSON.stringify(files)}) for (const v of Object.values(await import(f))) if (typeof v?.run === 'function') names.push(v.name); console.log(JSON.stringify(names));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...quiet },
    });
    expect(result.stderr).toBe('');
    expect((JSON.parse(result.stdout) as string[]).sort()).toEqual(
      commands.map((c) => c.name).sort(),
    );
  });

  it('checks initData read from stdin', () => {
    const result = runBuilt(
      [
        'telegram',
        'check-init-data',
        '--token',
        EXAMPLE_TOKEN,
        '--now',
        String(EXAMPLE_NOW),
        '--max-age',
        '3600',
      ],
      { input: `${EXAMPLE_RAW}\n` },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('valid');
  });

  it('finds the committed migrations from inside the bundle', () => {
    const env = { DATABASE_URL: `file:${path.join(elsewhere, 'migrated.db')}` };
    const result = runBuilt(['migrate'], { env });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/([1-9]\d*) migration\(s\) applied, \1 in total/);
  });

  it.each([
    ['--help', ['--help']],
    ['serve', ['serve']],
    ['bot run', ['bot', 'run']],
    ['sync', ['sync']],
    [
      'telegram check-init-data',
      ['telegram', 'check-init-data', '--token', EXAMPLE_TOKEN, '--max-age', '0'],
    ],
    [
      'telegram check-login',
      ['telegram', 'check-login', '--token', EXAMPLE_TOKEN, '--max-age', '0'],
    ],
  ])('"%s" loads no GramJS, fakes, importers, drizzle-kit or TypeScript', (_name, args) => {
    const { packages, sources, typescript } = loadedBy(args, EXAMPLE_RAW);
    expect(HEAVY_PACKAGES.filter((p) => packages.has(p))).toEqual([]);
    expect([...sources].filter((s) => HEAVY_SOURCES.test(s))).toEqual([]);
    expect(typescript).toEqual([]);
  });

  it('"--help" loads no command at all, and a command\'s --help only that command', () => {
    expect(
      [...loadedBy(['--help']).sources].filter(
        (s) => s.startsWith('scripts/commands/') && !s.endsWith('/index.ts'),
      ),
    ).toEqual([]);
    expect(
      [...loadedBy(['migrate', '--help']).sources].filter(
        (s) => s.startsWith('scripts/commands/') && !s.endsWith('/index.ts'),
      ),
    ).toEqual(['scripts/commands/migrate.ts']);
  });

  it('sees GramJS and the fakes where they are used (the check above can fail)', () => {
    const group = loadedBy(['import', 'telegram-group', '--help']);
    expect(group.packages.has('telegram')).toBe(true);
    expect([...group.sources].some((s) => s.startsWith('api/telegram-group/'))).toBe(true);
    expect(
      [...loadedBy(['start', '--help']).sources].some((s) => s.startsWith('scripts/fakes/')),
    ).toBe(true);
  });
});

describe('the compiled bot worker (dist/node/bot.mjs)', () => {
  it('runs on its own against the fake Bot API and stops cleanly on SIGTERM', async () => {
    const fake = await startFakeTelegram();
    const testDb = await createSqliteDatabase();
    try {
      const child = spawn(process.execPath, [path.join(OUT, 'bot.mjs')], {
        cwd: ROOT,
        env: {
          ...process.env,
          ...quiet,
          TELEGRAM_BOT_TOKEN_DEV: FAKE_BOT_TOKEN,
          TELEGRAM_API_ROOT: fake.url,
          DATABASE_URL: testDb.url,
          APP_DOMAIN: 'course.test',
          CONTENT_DIR: 'content',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c) => (output += c));
      child.stderr.on('data', (c) => (output += c));
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code)),
      );
      // The worker logs this line once the token was checked and long polling started.
      for (const deadline = Date.now() + 20_000; !output.includes('long polling');) {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`the worker did not start polling:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(fake.state.calls.map((c) => c.method)).toContain('getMe');
      child.kill('SIGTERM');
      expect(await exited, output).toBe(0);
    } finally {
      await testDb.dispose();
      await fake.close();
    }
  });
});
