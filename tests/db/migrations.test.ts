/** The committed migrations must match the schema: generating again finds nothing to do. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe.each([
  ['sqlite', 'sqlite', 'schema-sqlite.ts'],
  ['postgresql', 'pg', 'schema-pg.ts'],
])('%s migrations', (dialect, folder, schema) => {
  it('are up to date with api/db/tables.ts', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    try {
      cpSync(path.join(ROOT, 'api/db/migrations', folder), path.join(dir, 'out'), {
        recursive: true,
      });
      const config = path.join(dir, 'drizzle.config.json');
      writeFileSync(
        config,
        JSON.stringify({
          dialect,
          schema: path.join(ROOT, 'api/db', schema),
          out: path.join(dir, 'out'),
        }),
      );
      const before = readdirSync(path.join(dir, 'out')).sort();
      execFileSync(
        process.execPath,
        [path.join(ROOT, 'node_modules/drizzle-kit/bin.cjs'), 'generate', `--config=${config}`],
        { cwd: ROOT, stdio: 'pipe' },
      );
      expect(
        readdirSync(path.join(dir, 'out')).sort(),
        'run "npm run db:generate" and commit the new migration',
      ).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
