/**
 * An Astro integration: after the build, every text file in the client output gets a Brotli
 * (`.br`) and a gzip (`.gz`) copy beside it, which the server (sirv) sends by Accept-Encoding.
 * Compressing once at build time lets us use the slowest, smallest settings.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { AstroIntegration } from 'astro';

const COMPRESSIBLE = /\.(?:html|js|mjs|css|svg|json|txt|xml|webmanifest|map)$/;
/** Below this the compressed copy saves less than a packet. */
const MIN_BYTES = 1024;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else yield full;
  }
}

/** Writes `.br` and `.gz` beside each compressible file of `dir`; returns how many files and bytes. */
export function precompressDirectory(dir: string): {
  files: number;
  bytes: number;
  brotliBytes: number;
} {
  const totals = { files: 0, bytes: 0, brotliBytes: 0 };
  for (const file of files(dir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const body = readFileSync(file);
    if (body.length < MIN_BYTES) continue;
    const brotli = brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
    writeFileSync(`${file}.br`, brotli);
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
    totals.files += 1;
    totals.bytes += body.length;
    totals.brotliBytes += brotli.length;
  }
  return totals;
}

export function precompress(): AstroIntegration {
  return {
    name: 'course-site:precompress',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const totals = precompressDirectory(fileURLToPath(dir));
        logger.info(
          `${totals.files} files precompressed: ${totals.bytes} → ${totals.brotliBytes} bytes with Brotli`,
        );
      },
    },
  };
}
