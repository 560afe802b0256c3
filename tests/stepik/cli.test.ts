/** `fake-stepik` and `fake-stepik mark` through the real CLI entry. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// runCliAsync, not runCli: a blocking spawnSync freezes this process's event loop, so under load
// the fake's keep-alive socket closes unseen and the next fetch() on it fails.
import { ROOT, runCliAsync } from '../support/cli.ts';

// A state file of the test's own: the developer's data/fake-stepik.json is neither read nor written.
const stateDir = mkdtempSync(path.join(os.tmpdir(), 'fake-stepik-cli-'));
const stateFile = path.join(stateDir, 'fake-stepik.json');

let child: ChildProcess;
let output = '';
let url = '';

/** `fake-stepik --state <file>` as a child process; resolves with its URL once it listens. */
async function startFake(): Promise<void> {
  output = '';
  child = spawn(
    process.execPath,
    [path.join(ROOT, 'scripts/bin.mjs'), 'fake-stepik', '--port', '0', '--state', stateFile],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 120_000; // a loaded machine: several suites and CI at once
  while (!/Stop with Ctrl\+C/.test(output)) {
    if (child.exitCode !== null)
      throw new Error(`fake-stepik exited early (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`fake-stepik did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  url = /Fake Stepik: (http:\/\/\S+)/.exec(output)![1]!;
}

async function stopFake(): Promise<void> {
  // A child killed by a signal has signalCode, not exitCode; its 'exit' has already fired.
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

beforeAll(startFake);
afterAll(async () => {
  await stopFake();
  rmSync(stateDir, { recursive: true, force: true });
});

const state = async () =>
  (await (await fetch(`${url}/_fake/state`)).json()) as {
    learners: { id: number; passedSteps: number[] }[];
    courses: { id: number; lessons: { id: number; steps: number[] }[] }[];
  };

describe('fake-stepik', () => {
  it('prints its URL, the admin page, and the apps to configure', () => {
    expect(output).toContain(`Admin page: ${url}/_fake/`);
    expect(output).toContain(`STEPIK_BASE_URL=${url}`);
    expect(output).toContain('STEPIC_CLIENT_ID=fake-sync-app');
    expect(output).toContain('STEPIC_SECRET=fake-sync-secret');
    expect(output).toContain('STEPIK_LOGIN_CLIENT_ID=demo-login');
    expect(output).toContain('STEPIK_LOGIN_CLIENT_SECRET=demo-login-secret');
    expect(output).toContain('700001 Демо Студент');
  });

  it('serves the demo course from content/', async () => {
    const { courses } = await state();
    expect(courses[0]!.id).toBe(900_001);
    expect(courses[0]!.lessons[0]!.id).toBe(920_001);
    expect(courses[0]!.lessons.every((l) => l.steps.length >= 3 && l.steps.length <= 6)).toBe(true);
  });

  it('"mark" passes a lesson for a learner, and --unpass takes it back', async () => {
    const marked = await runCliAsync([
      'fake-stepik',
      'mark',
      '--url',
      url,
      '--user',
      '700002',
      '--lesson',
      '920003',
    ]);
    expect(marked.stderr).toBe('');
    expect(marked.code).toBe(0);
    expect(marked.stdout).toMatch(
      /^lesson 920003 \(steps 92000301, .+\): learner 700002 — passed\n$/,
    );
    const lesson = (await state()).courses[0]!.lessons.find((l) => l.id === 920_003)!;
    expect((await state()).learners.find((l) => l.id === 700_002)!.passedSteps.sort()).toEqual(
      [...lesson.steps].sort(),
    );

    const unmarked = await runCliAsync([
      'fake-stepik',
      'mark',
      '--url',
      url,
      '--user',
      '700002',
      '--step',
      '92000301',
      '--unpass',
    ]);
    expect(unmarked.code).toBe(0);
    expect((await state()).learners.find((l) => l.id === 700_002)!.passedSteps).not.toContain(
      92_000_301,
    );
  }, 120_000);

  it('"mark" explains what is wrong', async () => {
    const neither = await runCliAsync(['fake-stepik', 'mark', '--url', url, '--user', '700002']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toBe('error: give exactly one of --lesson L or --step S\n');
    const unknown = await runCliAsync([
      'fake-stepik',
      'mark',
      '--url',
      url,
      '--user',
      '42',
      '--lesson',
      '920003',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: the fake Stepik refused: no learner 42\n');
    const away = await runCliAsync([
      'fake-stepik',
      'mark',
      '--url',
      'http://127.0.0.1:1',
      '--user',
      '700002',
      '--lesson',
      '920003',
    ]);
    expect(away.code).toBe(1);
    expect(away.stderr).toMatch(
      /^error: cannot reach the fake Stepik at http:\/\/127\.0\.0\.1:1: /,
    );
  }, 120_000);
});

describe('fake-stepik across a restart', () => {
  it('keeps who passed what and its port, in a state file written whole', async () => {
    const marked = await fetch(`${url}/_fake/progress`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 700_003, lesson: 920_002, passed: true }),
    });
    expect(marked.status).toBe(200);
    const before = (await state()).learners.find((l) => l.id === 700_003)!.passedSteps.sort();
    expect(before.length).toBeGreaterThan(0);
    const firstUrl = url;
    await stopFake();
    await startFake();
    expect(url).toBe(firstUrl);
    expect((await state()).learners.find((l) => l.id === 700_003)!.passedSteps.sort()).toEqual(
      before,
    );
    // Atomic writes leave no temporary file behind.
    expect(readdirSync(stateDir)).toEqual(['fake-stepik.json']);
  }, 120_000);

  it('refuses a broken state file, naming it and what to do', async () => {
    await stopFake();
    writeFileSync(stateFile, '{"format":"fake-stepik-state","version":1,"port":"x","progress":{}}');
    const broken = await runCliAsync(['fake-stepik', '--state', stateFile]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe(
      `error: cannot start the fake Stepik (port 0): ${stateFile}: port: Invalid input: expected number, received string; delete it to start the fake Stepik afresh\n`,
    );
  }, 120_000);
});
