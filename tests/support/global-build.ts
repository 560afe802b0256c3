/**
 * Vitest global setup: builds the site once for every test file that serves it, into a
 * scratch folder inside the project (the server bundle resolves node_modules from there).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { runAstroBuild } from '#scripts/build.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

declare module 'vitest' {
  export interface ProvidedContext {
    builtSiteDir: string;
    /** The build's output when it failed ('' when it worked). */
    builtSiteError: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const out = path.join(ROOT, '.test-builds', `shared-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const build = await runAstroBuild(ROOT, {
    ...process.env,
    ASTRO_OUT_DIR: out,
    CONTENT_DIR: 'content',
  });
  // A failed build fails the tests that serve the site (builtSite()), not every test.
  project.provide('builtSiteDir', out);
  project.provide('builtSiteError', build.code === 0 ? '' : build.output);
  return () => rmSync(out, { recursive: true, force: true });
}
