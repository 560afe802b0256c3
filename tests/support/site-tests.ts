/**
 * Which test files serve the built site: those that import tests/support/built-site.ts, directly
 * or through a helper (auth-server.ts, hardening/support.ts, …). vitest.config.ts puts them in
 * the `site` project, whose global setup runs `astro build` first; every other test file runs in
 * `unit`, without the build. Computed from the imports so that the split cannot drift: a new test
 * that calls startAuthServer() lands in `site` by itself.
 *
 * The import scan is textual (static `import … from './x.ts'` and `export … from`); type-only
 * imports are skipped, since they do not run the module.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILT_SITE = path.join(ROOT, 'tests/support/built-site.ts');

const IMPORT =
  /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;

function localImports(file: string): string[] {
  const found: string[] = [];
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const target = path.resolve(path.dirname(file), match[1]!);
    const candidates = [
      target,
      `${target}.ts`,
      target.replace(/\.js$/, '.ts'),
      path.join(target, 'index.ts'),
    ];
    const resolved = candidates.find(
      (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
    );
    if (resolved) found.push(resolved);
  }
  return found;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The test files (relative to the project root, with `/`) whose imports reach built-site.ts. */
export function siteTestFiles(root: string = ROOT): string[] {
  const reaches = new Map<string, boolean>();
  const visit = (file: string): boolean => {
    if (file === BUILT_SITE) return true;
    const known = reaches.get(file);
    if (known !== undefined) return known;
    reaches.set(file, false); // a cycle does not reach it through itself
    const result = localImports(file).some(visit);
    reaches.set(file, result);
    return result;
  };
  return testFiles(path.join(root, 'tests'))
    .filter(visit)
    .map((file) => path.relative(root, file).split(path.sep).join('/'))
    .sort();
}
