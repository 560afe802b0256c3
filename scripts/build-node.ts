/**
 * `npm run build:node`: the CLI, the bot worker and the production server compiled to plain
 * JavaScript in dist/node/, so production starts them with `node` and no TypeScript compiler.
 * Packages stay external (resolved from node_modules at run time); the CLI keeps each command in
 * its own chunk, loaded when that command runs. A stamp lists the sources each bundle read, so
 * scripts/bin.mjs can tell whether dist/node is current.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { isStampCurrent, writeInputsStamp } from './build-stamp.mjs';

/** What becomes dist/node/<name>.mjs. An entry whose source does not exist (yet) is skipped. */
export const NODE_ENTRIES: readonly { name: string; source: string }[] = [
  { name: 'cli', source: 'scripts/run-cli.ts' },
  { name: 'bot', source: 'bot/main.ts' },
  { name: 'server', source: 'server/main.ts' },
];

export const NODE_OUT_DIR = 'dist/node';
const STAMP = '.build-stamp';

/** Besides the bundled sources, what changes the output: this script and esbuild's settings. */
const BUILD_INPUTS = [
  'scripts/build-node.ts',
  'scripts/build-stamp.mjs',
  'tsconfig.json',
  'package-lock.json',
];

export interface NodeBuild {
  outDir: string;
  /** One esbuild metafile per built entry (paths relative to the project root). */
  metafiles: Record<string, Metafile>;
}

export function nodeStampFile(outDir: string): string {
  return path.join(outDir, STAMP);
}

export function isNodeBuildCurrent(root: string, outDir = path.join(root, NODE_OUT_DIR)): boolean {
  return isStampCurrent(root, nodeStampFile(outDir));
}

/**
 * Each entry is its own esbuild run: in one run with code splitting, a module that two entries
 * share (bot/main.ts is also the `bot run` command's) would move into a chunk, and its
 * "am I the program?" check on import.meta.url would no longer see the entry file.
 */
export async function buildNode(
  root: string,
  outDir = path.join(root, NODE_OUT_DIR),
): Promise<NodeBuild> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const metafiles: Record<string, Metafile> = {};
  const inputs = new Set(BUILD_INPUTS.filter((file) => existsSync(path.join(root, file))));
  for (const entry of NODE_ENTRIES) {
    if (!existsSync(path.join(root, entry.source))) continue;
    const result = await build({
      absWorkingDir: root,
      entryPoints: { [entry.name]: entry.source },
      outdir: outDir,
      entryNames: '[name]',
      chunkNames: `chunks/${entry.name}-[name]-[hash]`,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      metafile: true,
      logLevel: 'warning',
    });
    metafiles[entry.name] = result.metafile;
    for (const input of Object.keys(result.metafile.inputs)) inputs.add(input);
  }
  // Written last: a build that failed half-way leaves no stamp, so bin.mjs keeps using tsx.
  writeInputsStamp(root, nodeStampFile(outDir), [...inputs].sort());
  return { outDir, metafiles };
}

// `tsx scripts/build-node.ts` (npm run build:node)
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = process.cwd();
  const started = performance.now();
  const { outDir, metafiles } = await buildNode(root);
  console.log(
    `${path.relative(root, outDir)}: ${Object.keys(metafiles)
      .map((name) => `${name}.mjs`)
      .join(', ')} in ${Math.round(performance.now() - started)} ms`,
  );
}
