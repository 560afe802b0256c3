// Build stamps: a hash of the files a build read, so a later run can tell whether the output is
// still current. Plain JavaScript because scripts/bin.mjs checks it before anything can compile
// TypeScript; scripts/build.ts (the site) and scripts/build-node.ts (the CLI) share it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** SHA-256 over each file's path (relative to root) and contents, in the order given. */
export function fingerprintFiles(root, files) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash
      .update(path.relative(root, path.resolve(root, file)))
      .update('\0')
      .update(readFileSync(path.resolve(root, file)))
      .update('\0');
  }
  return hash;
}

/** Writes `{ fingerprint, inputs }`: the inputs are listed so a check needs no directory walk. */
export function writeInputsStamp(root, stampFile, inputs) {
  const relative = inputs.map((file) => path.relative(root, path.resolve(root, file)));
  writeFileSync(
    stampFile,
    `${JSON.stringify({ fingerprint: fingerprintFiles(root, relative).digest('hex'), inputs: relative }, null, 1)}\n`,
  );
}

/** True when the stamp exists and every input it lists is still there, byte for byte. */
export function isStampCurrent(root, stampFile) {
  if (!existsSync(stampFile)) return false;
  try {
    const { fingerprint, inputs } = JSON.parse(readFileSync(stampFile, 'utf8'));
    return fingerprintFiles(root, inputs).digest('hex') === fingerprint;
  } catch {
    return false; // an input was deleted, or the stamp is from an older format: rebuild
  }
}
