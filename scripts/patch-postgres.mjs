// Run by `npm ci` (package.json "postinstall"): a one-line fix to postgres.js 3.4.
//
// When a connection's socket ends in an error (ECONNRESET: PostgreSQL restarted, a failover, a
// backend terminated), postgres.js rejects the queries in flight on 'error'. A query sent on
// that connection after 'error' and before 'close' is different: it stays in the connection's
// `sent` queue, because `closed()` rejects what is left only when the close had no error. The
// connection then comes back with that query first in line. It waits for an answer that never
// comes, and so does every query after it. Found by terminating PostgreSQL's backends under load
// (tests/db/pg-lookup-batch.test.ts): without the fix, 64 lookups on one client hung for good in
// 2 of 8 tries; with it, in none of 16. Rejecting what is left on every close is the fix.
//
// A postgres.js without the line (fixed upstream, or changed) is left alone, and this says so.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BROKEN = '!hadError && (query || sent.length) && error(';
// The leading semicolon keeps the line a statement of its own: it follows `return reconnect()`.
const FIXED = ';(query || sent.length) && error(';
const root = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'node_modules',
  'postgres',
);

let patched = 0;
const unknown = [];
for (const file of ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js']) {
  const at = path.join(root, file);
  if (!existsSync(at)) continue;
  const text = readFileSync(at, 'utf8');
  if (text.includes(BROKEN)) {
    writeFileSync(at, text.replace(BROKEN, FIXED));
    patched++;
  } else if (!text.includes(FIXED)) unknown.push(file);
}
if (unknown.length)
  console.warn(
    `patch-postgres: postgres.js has changed (${unknown.join(', ')} have no "${BROKEN}" line): check whether it still loses queries when a connection ends in an error`,
  );
else if (patched) console.log(`patch-postgres: postgres.js fixed in ${patched} file(s)`);
