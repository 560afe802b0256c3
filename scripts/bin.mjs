#!/usr/bin/env node
// The CLI's entry (`npm run cli`, bin `course`). It runs the compiled CLI in dist/node when that
// build is current, i.e. every source it was built from is unchanged (npm run build:node writes
// the stamp); otherwise it runs the TypeScript sources through tsx. It never builds by itself:
// a development edit takes effect at once, and parallel runs (the tests) never race to write
// dist/node. Production (render.yaml) runs dist/node/*.mjs with plain node.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isStampCurrent } from './build-stamp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist', 'node');

if (isStampCurrent(root, path.join(built, '.build-stamp'))) {
  await import(pathToFileURL(path.join(built, 'cli.mjs')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./run-cli.ts');
}
