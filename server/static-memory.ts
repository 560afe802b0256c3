/**
 * Built files from memory: the small ones (pages, scripts, styles, icons) and their
 * precompressed `.br`/`.gz` twins are read once and answered with one write — no open, read
 * and close per request, no stream. Same lookup, headers and 304s as sirv, which stays behind
 * this for whatever is not held here (large files, Range requests, a file over the budget).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html;charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain',
  '.xml': 'application/xml',
  '.webmanifest': 'application/manifest+json',
};

interface Variant {
  body: Buffer;
  headers: Record<string, string | number>;
}

interface Entry {
  identity: Variant;
  br?: Variant;
  gzip?: Variant;
}

export interface MemoryFilesOptions {
  /** Files larger than this stay on disk (sirv streams them). */
  maxFileBytes?: number;
  /** All bodies held together stay under this; what does not fit stays on disk. */
  maxTotalBytes?: number;
  /** Cache-Control by path, as for sirv. */
  cacheControl: (pathname: string) => string;
}

export type MemoryFiles = ((
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  /** Another status than 200 (the 404 page): then no 304 either. */
  status?: number,
) => boolean) & {
  heldBytes: number;
  /**
   * True for a precompressed twin asked for by its own name (`/index.html.br`): it is sent by
   * Accept-Encoding only, since by its name it would arrive as compressed bytes labelled as the
   * page (sirv too would send it so).
   */
  isTwin: (pathname: string) => boolean;
};

/** Every file under `dir` is listed once at start, as sirv does in production mode. */
export function createMemoryFiles(dir: string, options: MemoryFilesOptions): MemoryFiles {
  const maxFile = options.maxFileBytes ?? 256 * 1024;
  let budget = options.maxTotalBytes ?? 32 * 1024 * 1024;
  const files = new Map<string, Entry>();
  const root = path.resolve(dir);
  const names = listFiles(root);
  const present = new Set(names);
  let held = 0;

  for (const name of names) {
    if (name.endsWith('.br') || name.endsWith('.gz')) continue;
    const type = TYPES[path.extname(name).toLowerCase()];
    if (!type) continue;
    const load = (file: string, encoding?: string): Variant | null => {
      const stats = statSync(path.join(root, file));
      if (stats.size > maxFile || stats.size > budget) return null;
      const body = readFileSync(path.join(root, file));
      budget -= body.length;
      held += body.length;
      const headers: Record<string, string | number> = {
        'Content-Length': body.length,
        'Content-Type': type,
        'Last-Modified': stats.mtime.toUTCString(),
        ETag: `W/"${stats.size}-${stats.mtime.getTime()}"`,
        'Cache-Control': options.cacheControl(`/${name}`),
      };
      if (encoding) headers['Content-Encoding'] = encoding;
      return { body, headers };
    };
    const identity = load(name);
    if (!identity) continue;
    const entry: Entry = { identity };
    if (present.has(`${name}.br`)) entry.br = load(`${name}.br`, 'br') ?? undefined;
    if (present.has(`${name}.gz`)) entry.gzip = load(`${name}.gz`, 'gzip') ?? undefined;
    // A twin that did not fit would be served uncompressed from here: let sirv have the file.
    if ((present.has(`${name}.br`) && !entry.br) || (present.has(`${name}.gz`) && !entry.gzip))
      continue;
    files.set(`/${name}`, entry);
  }

  const serve = ((
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    status = 200,
  ): boolean => {
    if (req.headers.range) return false;
    const entry = lookup(files, pathname);
    if (!entry) return false;
    const accepts = req.headers['accept-encoding'] ?? '';
    const variant =
      (entry.br && /(br|brotli)/i.test(accepts) && entry.br) ||
      (entry.gzip && accepts.includes('gzip') && entry.gzip) ||
      entry.identity;
    // As sirv with compression on: every answer may differ by encoding.
    res.setHeader('Vary', 'Accept-Encoding');
    if (status === 200 && req.headers['if-none-match'] === variant.headers.ETag) {
      res.writeHead(304);
      res.end();
      return true;
    }
    // A Cache-Control already set for this page kind wins, as it does with sirv.
    const cacheControl = res.getHeader('Cache-Control');
    res.writeHead(
      status,
      cacheControl ? { ...variant.headers, 'Cache-Control': cacheControl } : variant.headers,
    );
    res.end(req.method === 'HEAD' ? undefined : variant.body);
    return true;
  }) as MemoryFiles;
  serve.heldBytes = held;
  serve.isTwin = (pathname) =>
    /\.(?:br|gz)$/.test(pathname) &&
    present.has(pathname.slice(1)) &&
    present.has(pathname.slice(1, -3));
  return serve;
}

/** sirv's order: the path itself, then `<path>/index`, each as it is, `.html`, `.htm`. */
function lookup(files: Map<string, Entry>, pathname: string): Entry | undefined {
  const uri = pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  for (const extension of ['', '.html', '.htm']) {
    const direct = uri && files.get(uri + extension);
    if (direct) return direct;
    const index = files.get(`${uri}/index${extension}`);
    if (index) return index;
  }
  return undefined;
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      // Dot files stay private, as with sirv (except .well-known).
      if (item.name.startsWith('.') && item.name !== '.well-known') continue;
      const name = prefix ? `${prefix}/${item.name}` : item.name;
      if (item.isDirectory()) walk(path.join(dir, item.name), name);
      else if (item.isFile()) out.push(name);
    }
  };
  walk(root, '');
  return out;
}
