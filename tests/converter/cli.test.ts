import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCourseContent } from '#api/course/load.ts';
import { main } from '#scripts/cli.ts';
import { captureIo, fixture, tempDir } from './support.ts';

const run = async (...args: string[]) => {
  const { io, out, err } = captureIo();
  const code = await main(['content', 'import-menu-tree', ...args], io);
  return { code, out, err };
};

describe('npm run cli -- content import-menu-tree', () => {
  it('imports a Python module and prints a summary', async () => {
    const out = tempDir();
    const file = fixture('sections-dict.py');
    const result = await run(
      file,
      '--out',
      out,
      '--course-id',
      '215467',
      '--title',
      'Python для анализа данных',
    );
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.out).toEqual([
      `Imported ${file} into ${path.join(out, 'course.yaml')}`,
      '  modules: 3, lessons: 11, video parts: 14',
      '  lesson stubs: 11 created, 0 kept (already existed)',
    ]);
    const { course } = loadCourseContent(out);
    expect([course.title, course.stepikCourseId]).toEqual(['Python для анализа данных', 215467]);
  });

  it('reports kept stubs, reused slugs and the backup on a second run', async () => {
    const out = tempDir();
    await run(fixture('lesson-list.json'), '--out', out);
    const result = await run(fixture('lesson-list.json'), '--out', out);
    expect(result.code).toBe(0);
    expect(result.out.slice(1)).toEqual([
      '  modules: 3, lessons: 10, video parts: 10',
      '  lesson stubs: 0 created, 10 kept (already existed)',
      // The lesson without a lesson_id gets its slug from its title again.
      '  slugs kept from the previous course.yaml: 9',
      `  previous course.yaml saved as ${path.join(out, 'course.yaml.bak')}`,
    ]);
    expect(loadCourseContent(out).course.title).toBe('Git и GitHub для начинающих');
  });

  it('prints warnings on stderr and still succeeds', async () => {
    const out = tempDir();
    const result = await run(fixture('sections-titled.py'), '--out', out);
    expect(result.code).toBe(0);
    expect(result.err).toEqual([
      'warning: MENU_TREE["sections"]["sec_601124"] ("Модуль 4. Макросы (в разработке)"): skipped, the section has no lessons',
    ]);
  });

  it('fails with one line naming the file and the entry, and writes nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'menu_tree.py');
    writeFileSync(
      file,
      `menu_tree = {'sec_561993': [{'title': 'Урок 1', 'lesson_id': 1855854}, {'title': 'Урок 2', 'lesson_id': 'abc'}]}\n`,
    );
    const out = path.join(dir, 'content');
    const result = await run(file, '--out', out);
    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err).toEqual([
      `error: ${file}: menu_tree["sec_561993"][1] ("Урок 2"): lesson_id must be a whole number, got "abc"`,
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('fails with the line and column of a syntax error', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'menu_tree.py');
    writeFileSync(
      file,
      `"""Дерево."""\nmenu_tree = {\n    'sec_1': [\n        {'title': 'Урок 1', 'lesson_id': 1}\n        {'title': 'Урок 2', 'lesson_id': 2},\n    ],\n}\n`,
    );
    const result = await run(file, '--out', path.join(dir, 'content'));
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      `error: ${file}:5:9: expected "," or "]" after a list item, got "{"`,
    ]);
  });

  it('names course.yaml when that is the file in the way', async () => {
    const out = tempDir();
    writeFileSync(path.join(out, 'course.yaml'), 'modules: [\n');
    const result = await run(fixture('flat-nodes.py'), '--out', out);
    expect(result.code).toBe(1);
    expect(result.err[0]).toMatch(
      new RegExp(
        `^error: ${path.join(out, 'course.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is not valid YAML`,
      ),
    );
  });

  it.each([
    [['missing.py'], 1, 'error: missing.py: no such file'],
    [['x.py', '--course-id', 'abc'], 1, 'error: --course-id must be a whole number ≥ 1, got "abc"'],
    [['x.py', '--title', '  '], 1, 'error: --title must not be empty'],
    [['x.py', '--colour', 'red'], 2, 'error: Unknown option'],
    [
      [],
      2,
      'error: missing argument: npm run cli -- content import-menu-tree <file> [--course-id N] [--title T] [--out DIR]',
    ],
    [['a.py', 'b.py'], 2, 'error: unexpected argument "b.py"'],
  ])('%j exits %i', async (args, code, message) => {
    const result = await run(...args, '--out', tempDir());
    expect(result.code).toBe(code);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toContain(message);
  });

  it('has help, and is listed in the top-level help', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out[0]).toContain(
      'Usage: npm run cli -- content import-menu-tree <file> [--course-id N] [--title T] [--out DIR]',
    );
    expect(help.out[0]).toContain('--out DIR');
    const { io, out } = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(out[0]).toMatch(/content import-menu-tree\s+Convert a legacy menu_tree/);
  });

  describe('without --out', () => {
    const saved = process.env.CONTENT_DIR;
    afterEach(() => {
      if (saved === undefined) delete process.env.CONTENT_DIR;
      else process.env.CONTENT_DIR = saved;
    });

    it('writes into the configured content folder (CONTENT_DIR)', async () => {
      const out = tempDir();
      process.env.CONTENT_DIR = out;
      const { io, err } = captureIo();
      const code = await main(['content', 'import-menu-tree', fixture('flat-nodes.py')], io);
      expect(err).toEqual([]);
      expect(code).toBe(0);
      expect(readFileSync(path.join(out, 'course.yaml'), 'utf8')).toContain('title: "SQL с нуля"');
    });
  });
});
