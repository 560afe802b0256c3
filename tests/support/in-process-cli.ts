/**
 * The CLI's `main()` in this process, against a scratch SQLite file named by DATABASE_URL. The
 * config module caches its first read, so the CLI is imported afresh after DATABASE_URL is set,
 * and the scratch folder is emptied (not renamed) before each test.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import type { CommandIo } from '#scripts/command.ts';

export interface InProcessCli {
  /** The SQLite file DATABASE_URL names (valid once the suite started). */
  readonly dbFile: string;
  readonly dir: string;
  run(
    argv: string[],
    options?: { stdin?: string; interactive?: boolean },
  ): Promise<{ code: number; out: string[]; err: string[] }>;
}

/** Call once at the top of a suite. */
export function useInProcessCli(prefix: string): InProcessCli {
  let main: (argv: string[], io: CommandIo) => Promise<number>;
  const savedUrl = process.env.DATABASE_URL;
  const cli = {
    dbFile: '',
    dir: '',
    async run(argv: string[], { stdin = '', interactive = false } = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(argv, {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        readStdin: async () => stdin,
        interactive,
      });
      return { code, out, err };
    },
  };
  beforeAll(async () => {
    cli.dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    cli.dbFile = path.join(cli.dir, 'app.db');
    process.env.DATABASE_URL = `file:${cli.dbFile}`;
    vi.resetModules();
    ({ main } = await import('#scripts/cli.ts'));
  });
  afterAll(() => {
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
    rmSync(cli.dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    for (const name of readdirSync(cli.dir)) rmSync(path.join(cli.dir, name), { force: true });
  });
  return cli;
}
