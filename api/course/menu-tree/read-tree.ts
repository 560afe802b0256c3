/**
 * Turns the text of a menu_tree file into a value: JSON (by extension, or when the text starts
 * with `{`/`[` and parses as JSON), a bare Python literal, or a Python module whose
 * `menu_tree = …` assignment holds the tree.
 */
import { MenuTreeError } from './errors.ts';
import { itemsOf, type Dialect, type PyValue } from './py-value.ts';
import { parsePythonLiteral, parsePythonModule, type ModuleAssignment } from './python-literal.ts';

export interface MenuTreeSource {
  tree: PyValue;
  /** How the tree is named in messages: the variable name, or `menu_tree` for a bare literal. */
  rootName: string;
  dialect: Dialect;
  /** A separate `sections = {"sec_1": "Title", …}` assignment beside a flat list of lessons. */
  sectionTitles?: { name: string; value: PyValue };
}

const DEFAULT_NAME = 'menu_tree';
const normalize = (name: string): string => name.toLowerCase().replace(/_/g, '');
const isDunder = (name: string): boolean => /^__\w+__$/.test(name);
const SECTION_TITLE_NAMES = new Set([
  'sections',
  'section',
  'sectiontitles',
  'sectionnames',
  'sectitles',
  'modules',
  'moduletitles',
]);

export function readMenuTree(text: string, fileName: string): MenuTreeSource {
  const body = text.replace(/^\uFEFF/, '');
  if (/\.json$/i.test(fileName))
    return { tree: parsePythonLiteral(body, 'json'), rootName: DEFAULT_NAME, dialect: 'json' };
  if (/^\s*[[{]/.test(body)) {
    try {
      return { tree: parsePythonLiteral(body, 'json'), rootName: DEFAULT_NAME, dialect: 'json' };
    } catch {
      // Not JSON: a bare Python literal (single quotes, None, comments…); its errors are the ones to show.
      return {
        tree: parsePythonLiteral(body, 'python'),
        rootName: DEFAULT_NAME,
        dialect: 'python',
      };
    }
  }
  return readModule(body);
}

function pickTree(assignments: ModuleAssignment[]): ModuleAssignment {
  // A module may assign menu_tree more than once: like Python, the last one counts.
  const named = assignments.filter((a) => normalize(a.name) === normalize(DEFAULT_NAME)).at(-1);
  if (named) return named;
  const candidates = assignments.filter((a) => !isDunder(a.name));
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0)
    throw new MenuTreeError('no assignment found: expected the tree as "menu_tree = {...}"');
  const list = candidates.map((a) => `${a.name} (line ${a.line})`).join(', ');
  throw new MenuTreeError(
    `found ${candidates.length} assignments and none is named menu_tree: ${list}; rename the one that holds the tree to menu_tree`,
  );
}

function readModule(text: string): MenuTreeSource {
  const assignments = parsePythonModule(text);
  const chosen = pickTree(assignments);
  const tree = chosen.parse();
  const source: MenuTreeSource = { tree, rootName: chosen.name, dialect: 'python' };
  // Only a flat list of lessons needs its section titles from elsewhere.
  if (itemsOf(tree)) {
    const titles = assignments
      .filter((a) => a !== chosen && SECTION_TITLE_NAMES.has(normalize(a.name)))
      .at(-1);
    if (titles) source.sectionTitles = { name: titles.name, value: titles.parse() };
  }
  return source;
}
