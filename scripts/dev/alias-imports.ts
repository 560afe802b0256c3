/**
 * `npx tsx scripts/dev/alias-imports.ts [--check]`: rewrites relative imports into the
 * package.json subpath imports (`#api/…`, `#bot/…`, `#server/…`, `#site/…`, `#scripts/…`,
 * `#tests/…`), in every tracked .ts, .mts, .mjs and .astro file (frontmatter and <script> blocks).
 *
 * The rule: a relative import becomes an alias when it leaves its own top-level folder
 * (`bot/x.ts` → `../api/y.ts` becomes `#api/y.ts`), or when it climbs two levels or more inside
 * it (`server/routes/a/b.ts` → `../../../route-context.ts` becomes `#server/route-context.ts`).
 * `./x` and `../x` within a folder stay relative: they are a module's own neighbours, read at a
 * glance, and move with the folder. The alias names the folder an import reaches into, which is
 * also what the lint boundaries (eslint.config.js) are written in. Files at the project root
 * (astro.config.mjs, vitest.config.ts) keep `./scripts/…`: they climb nothing.
 *
 * Specifiers are found with the TypeScript parser (import/export declarations, import(),
 * import types, vi.mock/vi.importActual), never in comments or other strings. Idempotent: a
 * second run changes nothing. --check rewrites nothing and exits 1 when something would change.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXTENSIONS = ['.ts', '.mts', '.mjs', '.astro'];

/** The aliases package.json "imports" declares: `#<folder>/*` → `./<folder>/*`. */
function readAliases(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    imports?: Record<string, string>;
  };
  const aliases = new Map<string, string>();
  for (const [key, target] of Object.entries(pkg.imports ?? {})) {
    const match = /^#([\w-]+)\/\*$/.exec(key);
    if (match && target === `./${match[1]}/*`) aliases.set(match[1]!, key.slice(0, -1));
  }
  return aliases;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Module specifier string literals in a piece of TypeScript. */
function specifierLiterals(code: string, fileName: string): ts.StringLiteralLike[] {
  const source = ts.createSourceFile(
    fileName,
    code,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  const found: ts.StringLiteralLike[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteralLike(node.moduleSpecifier)) found.push(node.moduleSpecifier);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      const expr = node.moduleReference.expression;
      if (ts.isStringLiteralLike(expr)) found.push(expr);
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteralLike(arg.literal)) found.push(arg.literal);
    } else if (ts.isCallExpression(node)) {
      const first = node.arguments[0];
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isViCall =
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === 'vi' &&
        ['mock', 'doMock', 'unmock', 'doUnmock', 'importActual', 'importMock'].includes(
          callee.name.text,
        );
      if ((isImport || isViCall) && first && ts.isStringLiteralLike(first)) found.push(first);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The TypeScript regions of a file: all of it, or an .astro file's frontmatter and scripts. */
function codeRegions(file: string, text: string): { start: number; code: string }[] {
  if (!file.endsWith('.astro')) return [{ start: 0, code: text }];
  const regions: { start: number; code: string }[] = [];
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (front) regions.push({ start: front.index + front[0].indexOf(front[1]!), code: front[1]! });
  // Bundled <script> blocks only: not is:inline, src= or JSON ones (Astro leaves those alone).
  const script = /<script(\s[^>]*)?>([\s\S]*?)<\/script>/g;
  for (let match; (match = script.exec(text));) {
    const attrs = match[1] ?? '';
    if (/\bis:inline\b|\bsrc=|type=["'](?!module)/.test(attrs)) continue;
    const body = match[2]!;
    regions.push({ start: match.index + match[0].indexOf('>') + 1, code: body });
  }
  return regions;
}

interface Counts {
  files: number;
  rewritten: number;
  byAlias: Map<string, number>;
  leftOutsideAliases: string[];
}

function rewriteSpecifier(
  file: string,
  spec: string,
  aliases: Map<string, string>,
  counts: Counts,
): string | null {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return null;
  if (!file.includes('/')) return null; // a root file's `./api/x.ts` is as plain as it gets
  const fromTop = file.split('/')[0]!;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
  if (target.startsWith('../')) return null; // outside the project
  const targetTop = target.includes('/') ? target.split('/')[0]! : '';
  const climbs = spec.match(/\.\.\//g)?.length ?? 0;
  const crosses = fromTop !== targetTop;
  if (!crosses && climbs < 2) return null;
  const alias = aliases.get(targetTop);
  if (!alias) {
    counts.leftOutsideAliases.push(`${file}: ${spec}`);
    return null;
  }
  counts.byAlias.set(alias, (counts.byAlias.get(alias) ?? 0) + 1);
  return alias + target.slice(targetTop.length + 1);
}

function main(): void {
  const check = process.argv.includes('--check');
  const aliases = readAliases();
  if (aliases.size === 0) throw new Error('package.json declares no "#<folder>/*" imports');
  const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => EXTENSIONS.some((ext) => file.endsWith(ext)) && !file.endsWith('.d.ts'));
  const counts: Counts = { files: 0, rewritten: 0, byAlias: new Map(), leftOutsideAliases: [] };
  for (const file of tracked) {
    const full = path.join(ROOT, file);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch {
      continue; // deleted in the work tree
    }
    const edits: Edit[] = [];
    for (const region of codeRegions(file, text)) {
      for (const literal of specifierLiterals(region.code, file + '.ts')) {
        const next = rewriteSpecifier(file, literal.text, aliases, counts);
        if (next === null) continue;
        const quote = region.code[literal.getStart()];
        edits.push({
          start: region.start + literal.getStart(),
          end: region.start + literal.getEnd(),
          text: `${quote}${next}${quote}`,
        });
      }
    }
    if (edits.length === 0) continue;
    counts.files += 1;
    counts.rewritten += edits.length;
    let out = text;
    for (const edit of edits.sort((a, b) => b.start - a.start))
      out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    if (!check) writeFileSync(full, out);
  }
  const per = [...counts.byAlias]
    .sort()
    .map(([alias, n]) => `${alias}* ${n}`)
    .join(', ');
  console.log(
    `${check ? 'would rewrite' : 'rewrote'} ${counts.rewritten} imports in ${counts.files} files${per ? ` (${per})` : ''}`,
  );
  for (const left of counts.leftOutsideAliases)
    console.log(`left relative (no alias for its folder): ${left}`);
  if (check && counts.rewritten > 0) process.exitCode = 1;
}

main();
