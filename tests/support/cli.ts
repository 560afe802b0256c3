/** Runs the real CLI entry (scripts/bin.mjs) as a child process. */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  {
    env = {},
    input,
    cwd = ROOT,
  }: { env?: Record<string, string | undefined>; input?: string; cwd?: string } = {},
): CliResult {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bin.mjs'), ...args], {
    cwd,
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    timeout: 120_000, // a loaded machine; a CLI that hangs still ends the test
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking this process: needed when the CLI talks to a fake served from the test. */
export function runCliAsync(
  args: string[],
  {
    env = {},
    input,
    cwd = ROOT,
  }: { env?: Record<string, string | undefined>; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/bin.mjs'), ...args], {
      cwd,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}
