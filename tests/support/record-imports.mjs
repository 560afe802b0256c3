// `node --import ./record-imports.mjs program`: appends to $RECORD_IMPORTS_FILE the URL of every
// module the program loads — ES modules through a loader hook, CommonJS ones (GramJS, drizzle-kit)
// from require.cache when the process exits — so a test can see what a command pulled in.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const file = process.env.RECORD_IMPORTS_FILE;
if (!file) throw new Error('record-imports.mjs: set RECORD_IMPORTS_FILE');
register('./record-imports-hooks.mjs', import.meta.url, { data: { file } });
const require = createRequire(import.meta.url);
process.on('exit', () => {
  const loaded = Object.keys(require.cache).map((p) => pathToFileURL(p).href);
  if (loaded.length) appendFileSync(file, `${loaded.join('\n')}\n`);
});
