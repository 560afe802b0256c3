/** Runs the real CLI entry (scripts/bin.mjs) as a child process. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], { env = {}, input, cwd = ROOT }: { env?: Record<string, string | undefined>; input?: string; cwd?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bin.mjs'), ...args], {
    cwd,
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
