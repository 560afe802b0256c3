/** Builds the Astro site when its inputs changed since the last build (npm start uses it). */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fingerprintFiles } from './build-stamp.mjs';

const INPUTS = [
  'content',
  'site',
  'api',
  'astro.config.mjs',
  // What astro.config.mjs brings into the build: the server entry and the precompression step.
  'server/astro-entry.ts',
  'scripts/precompress.ts',
  'package-lock.json',
  'tsconfig.json',
];
const STAMP = '.build-stamp';

function* walk(entry: string): Generator<string> {
  if (!existsSync(entry)) return;
  if (statSync(entry).isFile()) {
    yield entry;
    return;
  }
  for (const name of readdirSync(entry).sort()) yield* walk(path.join(entry, name));
}

/** A hash of everything the build reads, plus the settings that change its output. */
export function fingerprintInputs(root: string, contentDir: string): string {
  const inputs = INPUTS.map((p) => (p === 'content' ? contentDir : p));
  const hash = fingerprintFiles(
    root,
    inputs.flatMap((input) => [...walk(path.resolve(root, input))]),
  );
  hash.update(`CONTENT_DIR=${contentDir}`);
  return hash.digest('hex');
}

export function isBuildCurrent(root: string, outDir: string, contentDir: string): boolean {
  const stamp = path.join(outDir, STAMP);
  return (
    existsSync(path.join(outDir, 'server', 'entry.mjs')) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8').trim() === fingerprintInputs(root, contentDir)
  );
}

function astroBin(): string {
  return path.join(
    path.dirname(createRequire(import.meta.url).resolve('astro/package.json')),
    'astro.js',
  );
}

/** Runs `astro build` as a child process and collects its output (tests, benchmarks). */
export function runAstroBuild(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [astroBin(), 'build'], {
      cwd: root,
      env: { ASTRO_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Runs `astro build` with its output on this terminal; rejects when it fails. */
export async function buildSite(root: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [astroBin(), 'build'], {
      cwd: root,
      env: { ASTRO_TELEMETRY_DISABLED: '1', ...env },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`astro build failed (exit code ${code}); see the messages above`)),
    );
  });
}

export function writeBuildStamp(root: string, outDir: string, contentDir: string): void {
  writeFileSync(path.join(outDir, STAMP), `${fingerprintInputs(root, contentDir)}\n`);
}
