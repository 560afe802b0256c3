import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { fingerprintInputs, runAstroBuild, writeBuildStamp } from '#scripts/build.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILDS = path.join(ROOT, '.test-builds');

/** The site built once by global-build.ts; throws the build's own messages if it failed. */
export function builtSite(): string {
  const error = inject('builtSiteError');
  if (error) throw new Error(`astro build failed:\n${error}`);
  const dir = inject('builtSiteDir');
  // Only the `site` project builds (vitest.config.ts); it takes every test file that imports this one.
  if (!dir)
    throw new Error(
      'no built site in this Vitest project: only the `site` project (vitest.config.ts) builds it',
    );
  return dir;
}

export interface ContentSite {
  /** The built site (SITE_DIR for startBuiltServer). */
  dir: string;
  /** What its server needs besides: the same content folder for the API. */
  env: { CONTENT_DIR: string };
}

const contentSites = new Map<string, Promise<ContentSite>>();

/**
 * The site built from another content folder (relative to the project root, e.g.
 * `tests/fixtures/courses/watch-unlock`), for a test that needs a course of its own: its pages
 * are static, so the folder must be built, not only named to the server. Built into its own
 * out dir named by the folder and a hash of everything the build reads (scripts/build.ts), so
 * a later run reuses it while nothing changed; built once per process, and one process at a
 * time builds a given one (a lock beside it). Takes as long as `astro build` the first time.
 */
export function builtSiteOf(contentDir: string): Promise<ContentSite> {
  const relative = path.relative(ROOT, path.resolve(ROOT, contentDir)).split(path.sep).join('/');
  let site = contentSites.get(relative);
  if (!site) {
    site = buildContentSite(relative);
    contentSites.set(relative, site);
  }
  return site;
}

/** How long another process's build may hold the lock before it counts as abandoned. */
const STALE_LOCK_IN_MS = 10 * 60_000;

async function buildContentSite(contentDir: string): Promise<ContentSite> {
  const name = `content-${contentDir.replace(/[^A-Za-z0-9]+/g, '-')}`;
  const out = path.join(BUILDS, `${name}-${fingerprintInputs(ROOT, contentDir).slice(0, 16)}`);
  const env = { CONTENT_DIR: contentDir };
  const done = () => existsSync(path.join(out, '.build-stamp'));
  mkdirSync(BUILDS, { recursive: true });
  const lock = `${out}.lock`;
  for (;;) {
    if (done()) return { dir: out, env };
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_IN_MS) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (done()) return { dir: out, env };
    // Older builds of this folder (other inputs) are of no more use.
    for (const entry of readdirSync(BUILDS))
      if (new RegExp(`^${name}-[0-9a-f]{16}$`).test(entry))
        rmSync(path.join(BUILDS, entry), { recursive: true, force: true });
    const build = await runAstroBuild(ROOT, { ...process.env, ASTRO_OUT_DIR: out, ...env });
    if (build.code !== 0) {
      rmSync(out, { recursive: true, force: true });
      throw new Error(`astro build of ${contentDir} failed:\n${build.output}`);
    }
    // Last: its presence says the build is whole.
    writeBuildStamp(ROOT, out, contentDir);
    return { dir: out, env };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
