import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '#scripts/commands/index.ts';
import { runCli } from '../support/cli.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the CLI', () => {
  it('lists every command on --help', () => {
    const result = runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of commands) expect(result.stdout).toContain(command.name);
  });

  it.each(commands.map((c) => [c.name]))('"%s --help" prints its usage and exits 0', (name) => {
    const result = runCli([...name.split(' '), '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: npm run cli -- ${name}`);
  });

  it('refuses an unknown command with one line on stderr', () => {
    const result = runCli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'error: unknown command "frobnicate"; run "npm run cli -- --help" for the list',
    ]);
  });

  it('refuses an unknown option naming it', () => {
    const result = runCli(['migrate', '--frob']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: Unknown option '--frob'/);
  });

  it('migrates a fresh SQLite file, then finds nothing to do', () => {
    const env = { DATABASE_URL: `file:${path.join(tmp, 'fresh.db')}` };
    const first = runCli(['migrate'], { env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/(\d+) migration\(s\) applied, \1 in total/);
    expect(runCli(['migrate'], { env }).stdout).toMatch(
      /0 migration\(s\) applied, [1-9]\d* in total/,
    );
  });

  it('stops on a bad configuration, naming the variable', () => {
    const result = runCli(['migrate'], { env: { DATABASE_URL: 'mysql://nope' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'DATABASE_URL: must start with file:, sqlite:, postgres:// or postgresql://',
    );
  });
});
