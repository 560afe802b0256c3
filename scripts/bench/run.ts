/**
 * `npm run bench [-- <name>…]`: speed and size measurements, never part of `npm test`.
 * Each benchmark prints a Markdown table to paste into notes.
 */
import { benchBuild } from './build.ts';
import { benchCli } from './cli.ts';
import { benchImport } from './import.ts';
import { benchServing } from './serving.ts';
import { benchSync } from './sync.ts';

const benches: Record<string, () => Promise<void>> = {
  serving: benchServing,
  cli: benchCli,
  build: benchBuild,
  sync: benchSync,
  import: benchImport,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((name) => !(name in benches));
if (unknown.length) {
  console.error(
    `error: unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`,
  );
  process.exit(2);
}
for (const name of wanted.length ? wanted : Object.keys(benches)) {
  console.log(`\n## ${name}\n`);
  await benches[name]!();
}
