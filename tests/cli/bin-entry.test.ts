/**
 * scripts/bin.mjs picks the compiled CLI while its build stamp is current and the TypeScript
 * sources (through tsx) otherwise. Run here on a copy of the entry inside a scratch project
 * (below the real one, so node_modules resolves), whose two CLIs only say which one ran.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { isStampCurrent, writeInputsStamp } from '#scripts/build-stamp.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const project = path.join(ROOT, '.test-builds', `bin-${process.pid}`);
const stamp = path.join(project, 'dist', 'node', '.build-stamp');
const sources = ['scripts/cli.ts', 'api/config.ts'];

afterAll(() => rmSync(project, { recursive: true, force: true }));

beforeEach(() => {
  rmSync(project, { recursive: true, force: true });
  mkdirSync(path.join(project, 'scripts'), { recursive: true });
  mkdirSync(path.join(project, 'api'), { recursive: true });
  mkdirSync(path.join(project, 'dist', 'node'), { recursive: true });
  for (const file of ['scripts/bin.mjs', 'scripts/build-stamp.mjs'])
    copyFileSync(path.join(ROOT, file), path.join(project, file));
  // Type syntax in the source stand-in: only tsx can run it.
  writeFileSync(
    path.join(project, 'scripts/run-cli.ts'),
    "const from: string = 'sources';\nconsole.log(`${from} ${process.argv.slice(2).join(' ')}`);\n",
  );
  writeFileSync(
    path.join(project, 'dist/node/cli.mjs'),
    "console.log(`compiled ${process.argv.slice(2).join(' ')}`);\n",
  );
  for (const file of sources) writeFileSync(path.join(project, file), `// ${file}\n`);
});

const run = (): string =>
  spawnSync(process.execPath, [path.join(project, 'scripts/bin.mjs'), '--help'], {
    cwd: project,
    encoding: 'utf8',
  }).stdout.trim();

describe('scripts/bin.mjs', () => {
  it('runs the compiled CLI when every source in the stamp is unchanged', () => {
    writeInputsStamp(project, stamp, sources);
    expect(isStampCurrent(project, stamp)).toBe(true);
    expect(run()).toBe('compiled --help');
  });

  it.each([
    ['there is no stamp (never built, or astro build emptied dist/)', false, () => {}],
    [
      'a source changed since the build',
      true,
      () => writeFileSync(path.join(project, 'api/config.ts'), '// edited\n'),
    ],
    ['a source was deleted', true, () => rmSync(path.join(project, 'scripts/cli.ts'))],
    ['the stamp is unreadable', true, () => writeFileSync(stamp, 'not json')],
  ])('runs the sources through tsx when %s', (_why, stamped, spoil) => {
    if (stamped) writeInputsStamp(project, stamp, sources);
    spoil();
    expect(isStampCurrent(project, stamp)).toBe(false);
    expect(run()).toBe('sources --help');
  });
});
