/** DATABASE_URL: which database, in which dialect. Checked by the config, used by db/client.ts. */

export type DatabaseTarget =
  { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export const DEFAULT_DATABASE_URL = 'file:data/app.db';

/**
 * `file:data/app.db`, `sqlite:data/app.db`, `file:///abs/app.db`, `file::memory:` → SQLite;
 * `postgres://…` or `postgresql://…` → PostgreSQL. Anything else is an error.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const value = url.trim();
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new Error('is not a valid postgres:// URL');
    }
    return { dialect: 'postgres', url: value };
  }
  const m = /^(?:file|sqlite):(.*)$/i.exec(value);
  if (m) {
    let file = m[1] ?? '';
    if (file.startsWith('//')) file = decodeURIComponent(file.replace(/^\/\/[^/]*/, ''));
    if (!file) throw new Error('names no SQLite file (use e.g. file:data/app.db)');
    return { dialect: 'sqlite', file };
  }
  throw new Error('must start with file:, sqlite:, postgres:// or postgresql://');
}

/** `postgres://user:secret@host/db` → `postgres://user@host/db` */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    return u.toString().replace(/:@/, '@');
  } catch {
    return url;
  }
}
