import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintInputs, isBuildCurrent, writeBuildStamp } from '#scripts/build.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'stamp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start rebuilds when an editor changes the content', () => {
  cpSync(path.join(ROOT, 'content'), path.join(dir, 'content'), { recursive: true });
  mkdirSync(path.join(dir, 'dist', 'server'), { recursive: true });
  writeFileSync(path.join(dir, 'dist', 'server', 'entry.mjs'), '');

  it('is stale before the first stamp, current after it', () => {
    expect(isBuildCurrent(dir, path.join(dir, 'dist'), 'content')).toBe(false);
    writeBuildStamp(dir, path.join(dir, 'dist'), 'content');
    expect(isBuildCurrent(dir, path.join(dir, 'dist'), 'content')).toBe(true);
  });

  it.each([
    ['a lesson body', 'content/lessons/welcome.md'],
    ['the course tree', 'content/course.yaml'],
    ['a page', 'site/pages/new.astro'],
  ])('goes stale when %s changes', (_what, file) => {
    writeBuildStamp(dir, path.join(dir, 'dist'), 'content');
    const before = fingerprintInputs(dir, 'content');
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), `changed ${file}\n`, { flag: 'a' });
    expect(fingerprintInputs(dir, 'content')).not.toBe(before);
    expect(isBuildCurrent(dir, path.join(dir, 'dist'), 'content')).toBe(false);
  });
});
