/** Shared helpers of the converter tests. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import {
  convertMenuTree,
  type ConvertOptions,
  type ConvertResult,
} from '#api/course/menu-tree/convert.ts';
import { PyDict, PyTuple, type PyValue } from '#api/course/menu-tree/py-value.ts';
import { readMenuTree } from '#api/course/menu-tree/read-tree.ts';
import type { CommandIo } from '#scripts/command.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/menu-tree', import.meta.url));
export const fixture = (name: string): string => path.join(FIXTURES, name);

/** Plain data for comparisons; dicts become {dict: [[key, value], …]} so key order is visible. */
export function plain(value: PyValue): unknown {
  if (value instanceof PyDict) return { dict: value.entries.map(([k, v]) => [plain(k), plain(v)]) };
  if (value instanceof PyTuple) return { tuple: value.items.map(plain) };
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

/** Reads and converts a text the way the CLI does (the name decides JSON vs Python). */
export function convertText(
  text: string,
  options: ConvertOptions = {},
  fileName = 'menu_tree.py',
): ConvertResult {
  const source = readMenuTree(text, fileName);
  return convertMenuTree(source.tree, {
    rootName: source.rootName,
    dialect: source.dialect,
    sectionTitles: source.sectionTitles,
    ...options,
  });
}

export function convertFixture(name: string, options: ConvertOptions = {}): ConvertResult {
  return convertText(readFileSync(fixture(name), 'utf8'), options, name);
}

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'menu-tree-test-'));
  made.push(dir);
  return dir;
}

/** Every file under `dir` with its modification time and content, to prove nothing changed. */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const file = path.join(at, name);
      if (statSync(file).isDirectory()) walk(file);
      else
        files[path.relative(dir, file)] = `${statSync(file).mtimeMs}:${readFileSync(file, 'utf8')}`;
    }
  };
  walk(dir);
  return files;
}

export function captureIo(): { io: CommandIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      readStdin: async () => '',
      interactive: false,
    },
    out,
    err,
  };
}
