import { describe, expect, it } from 'vitest';
import { LiteralSyntaxError, MenuTreeError } from '#api/course/menu-tree/errors.ts';
import { readMenuTree } from '#api/course/menu-tree/read-tree.ts';
import { plain } from './support.ts';

const read = (text: string, file = 'menu_tree.py') => {
  const source = readMenuTree(text, file);
  return {
    ...source,
    tree: plain(source.tree),
    sectionTitles: source.sectionTitles && {
      name: source.sectionTitles.name,
      value: plain(source.sectionTitles.value),
    },
  };
};

describe('choosing the assignment that holds the tree', () => {
  it.each([
    [
      'menu_tree among others',
      `__version__ = '1'\nSECTIONS = {}\nmenu_tree = [1]\nOTHER = 2\n`,
      'menu_tree',
    ],
    ['MENU_TREE in capitals', `DEBUG = False\nMENU_TREE = [1]\n`, 'MENU_TREE'],
    ['the only assignment, whatever its name', `"""doc"""\nimport json\ntree = [1]\n`, 'tree'],
    [
      'the only one besides dunder names',
      `__all__ = ['tree']\n__author__ = 'x'\ncourse = [1]\n`,
      'course',
    ],
  ])('%s', (_name, text, rootName) => {
    const source = read(text);
    expect(source.rootName).toBe(rootName);
    expect(source.tree).toEqual([1]);
    expect(source.dialect).toBe('python');
  });

  it('takes the last of several menu_tree assignments, as Python would', () => {
    expect(read('menu_tree = [1]\nmenu_tree = [2]\n').tree).toEqual([2]);
  });

  it('lists the assignments when none is named menu_tree', () => {
    expect(() => readMenuTree(`TREE = {}\nSECTIONS = {}\n`, 'menu.py')).toThrow(
      new MenuTreeError(
        'found 2 assignments and none is named menu_tree: TREE (line 1), SECTIONS (line 2); rename the one that holds the tree to menu_tree',
      ),
    );
  });

  it('complains about a module without any assignment', () => {
    expect(() => readMenuTree(`"""Пусто."""\nimport os\n`, 'menu.py')).toThrow(
      /no assignment found/,
    );
  });

  it('does not evaluate assignments it does not need', () => {
    expect(read(`import os\nROOT = os.getcwd()\nmenu_tree = [1]\n`).tree).toEqual([1]);
  });

  it('picks up a separate section-title mapping beside a flat list of lessons', () => {
    const source = read(`SECTIONS = {'sec_1': 'Модуль'}\nmenu_tree = [1]\n`);
    expect(source.sectionTitles).toEqual({
      name: 'SECTIONS',
      value: { dict: [['sec_1', 'Модуль']] },
    });
    expect(
      read(`sections = {'sec_1': 'Модуль'}\nmenu_tree = {'sec_1': []}\n`).sectionTitles,
    ).toBeUndefined();
  });
});

describe('JSON and bare literals', () => {
  it('reads a .json file as JSON', () => {
    const source = read('{"sec_1": [{"title": "Урок", "lesson_id": null}]}', 'tree.json');
    expect(source.dialect).toBe('json');
    expect(source.rootName).toBe('menu_tree');
    expect(source.tree).toEqual({
      dict: [
        [
          'sec_1',
          [
            {
              dict: [
                ['title', 'Урок'],
                ['lesson_id', null],
              ],
            },
          ],
        ],
      ],
    });
  });

  it('reads a .json file strictly, with the position of the problem', () => {
    const error = (() => {
      try {
        readMenuTree("{\n  'sec_1': []\n}", 'tree.json');
      } catch (e) {
        return e as LiteralSyntaxError;
      }
    })();
    expect(error).toBeInstanceOf(LiteralSyntaxError);
    expect([error!.line, error!.column, error!.message]).toEqual([
      2,
      3,
      'JSON strings use double quotes',
    ]);
  });

  it('tries JSON first for text starting with a bracket', () => {
    expect(read('\uFEFF  [{"a": true}]').dialect).toBe('json');
  });

  it('falls back to a bare Python literal', () => {
    const source = read("[{'a': None, 'b': True}]  # выгрузка\n");
    expect(source.dialect).toBe('python');
    expect(source.tree).toEqual([
      {
        dict: [
          ['a', null],
          ['b', true],
        ],
      },
    ]);
  });

  it('reports the Python error when the text is neither', () => {
    expect(() => readMenuTree("[{'a': None,, }]", 'menu.py')).toThrow(
      expect.objectContaining({
        line: 1,
        column: 13,
        message: expect.stringContaining('expected a value'),
      }),
    );
  });
});
