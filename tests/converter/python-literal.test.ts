import { describe, expect, it } from 'vitest';
import { LiteralSyntaxError } from '#api/course/menu-tree/errors.ts';
import { parsePythonLiteral, parsePythonModule } from '#api/course/menu-tree/python-literal.ts';
import { plain } from './support.ts';

const parse = (text: string): unknown => plain(parsePythonLiteral(text));

function syntaxError(run: () => unknown): LiteralSyntaxError {
  try {
    run();
  } catch (error) {
    if (error instanceof LiteralSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a LiteralSyntaxError');
}

describe('Python literal: values', () => {
  it.each([
    // strings
    ['single quotes', `'Урок 1'`, 'Урок 1'],
    ['double quotes', `"Урок 1"`, 'Урок 1'],
    ['quotes of the other kind inside', `"it's" `, "it's"],
    ['triple single quotes over lines', `'''строка 1\nстрока 2'''`, 'строка 1\nстрока 2'],
    ['triple double quotes with quotes inside', `"""он сказал "да" """`, 'он сказал "да" '],
    ['\\n \\t \\r escapes', String.raw`'a\nb\tc\rd'`, 'a\nb\tc\rd'],
    ['backslash and quote escapes', String.raw`'\\ \' \"'`, `\\ ' "`],
    ['\\uXXXX escape', String.raw`'\u0416\u00ab'`, 'Ж«'],
    ['\\xXX escape', String.raw`'\x41\x7a'`, 'Az'],
    ['\\UXXXXXXXX escape', String.raw`'\U0001F600'`, '😀'],
    ['octal escape', String.raw`'\101'`, 'A'],
    ['unknown escape keeps the backslash', String.raw`'\d+'`, '\\d+'],
    ['backslash-newline continues the string', `'Урок \\\n1'`, 'Урок 1'],
    ['r prefix keeps backslashes', String.raw`r'C:\new\t'`, 'C:\\new\\t'],
    ['R prefix, escaped quote stays escaped', String.raw`R"a\"b"`, 'a\\"b'],
    ['u prefix', `u'текст'`, 'текст'],
    ['b prefix', `b'abc'`, 'abc'],
    ['bytes with UTF-8 escapes', String.raw`b'\xd0\x96'`, 'Ж'],
    ['rb prefix', String.raw`rb'\x41'`, '\\x41'],
    ['adjacent literals are joined', `'Урок ' "1" '''.'''`, 'Урок 1.'],
    ['adjacent literals over lines in brackets', `('Урок '\n   # комментарий\n   '2')`, 'Урок 2'],
    // numbers
    ['int', '1855854', 1855854],
    ['negative int', '-7', -7],
    ['plus sign', '+7', 7],
    ['minus with a space', '- 5', -5],
    ['underscores', '1_855_854', 1855854],
    ['hex, octal, binary', '[0x1F, 0o17, 0b101]', [31, 15, 5]],
    ['zero', '0', 0],
    ['float', '1.5', 1.5],
    ['float without an integer part', '.5', 0.5],
    ['float without a fraction', '3.', 3],
    ['exponent', '-2.5E-1', -0.25],
    ['float with underscores', '1_0.0_1', 10.01],
    // constants
    ['None', 'None', null],
    ['True', 'True', true],
    ['False', 'False', false],
    // containers
    ['empty list', '[]', []],
    ['list', `[1, 'a', None]`, [1, 'a', null]],
    ['trailing comma in a list', '[1, 2,]', [1, 2]],
    ['nested lists', '[[1], [[2]]]', [[1], [[2]]]],
    ['empty tuple', '()', { tuple: [] }],
    ['one-item tuple', '(1,)', { tuple: [1] }],
    ['tuple', `(1, 'a', )`, { tuple: [1, 'a'] }],
    ['parentheses without a comma are just grouping', '(1)', 1],
    ['empty dict', '{}', { dict: [] }],
    [
      'dict keys of several types',
      `{'a': 1, 2: 'b', (1, 2): None, None: True}`,
      {
        dict: [
          ['a', 1],
          [2, 'b'],
          [{ tuple: [1, 2] }, null],
          [null, true],
        ],
      },
    ],
    [
      'dict keeps the order of integer-like keys',
      `{'2': 'b', '1': 'a'}`,
      {
        dict: [
          ['2', 'b'],
          ['1', 'a'],
        ],
      },
    ],
    [
      'comments, newlines, indentation and trailing commas inside brackets',
      `{  # разделы\n    'sec_1': [\n        {'title': 'Урок 1',   # первый\n\n   'lesson_id': 1,},\n    ],\n}`,
      {
        dict: [
          [
            'sec_1',
            [
              {
                dict: [
                  ['title', 'Урок 1'],
                  ['lesson_id', 1],
                ],
              },
            ],
          ],
        ],
      },
    ],
    ['comments and blank lines around the value', `# дерево\n\n[1]  # конец\n\n`, [1]],
    ['CRLF line ends', `{\r\n 'a': '''x\r\ny''',\r\n}`, { dict: [['a', 'x\ny']] }],
  ])('%s', (_name, text, expected) => {
    expect(parse(text)).toEqual(expected);
  });
});

describe('Python literal: errors name the line, the column and what was expected', () => {
  it.each([
    [
      'a missing comma',
      `{'a': 1 'b': 2}`,
      1,
      9,
      'expected "," or "}" after a dict value, got the string \'b\'',
    ],
    ['a missing colon', `{'a' 1}`, 1, 6, 'expected ":" after the dict key "a", got the number 1'],
    ['an unclosed bracket', `[1, 2`, 1, 1, '"[" is never closed'],
    ['a mismatched bracket', `[1, 2)`, 1, 6, '")" does not match "[" opened on line 1, column 1'],
    ['a name that is not a constant', `{'a': dict()}`, 1, 7, 'only literals are read'],
    [
      'null in Python',
      `[null]`,
      1,
      2,
      'expected a value (a dict, list, tuple, string, number, None, True or False)',
    ],
    ['an unterminated string', `['abc]`, 1, 2, 'unterminated string'],
    ['a line break in a one-line string', `['a\nb']`, 1, 4, "a line break inside a '…' string"],
    [
      'an unterminated triple-quoted string',
      `x = 1\n"""abc`,
      2,
      1,
      'unterminated string: the triple-quoted string',
    ],
    ['a short \\x escape', String.raw`'\x4'`, 1, 2, '\\x needs exactly 2 hex digits'],
    ['a short \\u escape', String.raw`'ab\u12'`, 1, 4, '\\u needs exactly 4 hex digits'],
    ['an f-string', `f'x'`, 1, 1, 'f-strings are not literals'],
    ['a complex number', `1j`, 1, 1, 'complex numbers are not supported'],
    ['leading zeros', `[007]`, 1, 2, 'leading zeros are not allowed'],
    ['letters after a number', `12abc`, 1, 1, 'invalid number "12a"'],
    [
      'a duplicate key',
      `{'a': 1,\n 'a': 2}`,
      2,
      2,
      'duplicate key "a" (first on line 1, column 2)',
    ],
    ['bytes joined with text', `'a' b'b'`, 1, 5, 'cannot join a bytes literal and a text string'],
    ['a list as a dict key', `{[1]: 2}`, 1, 2, 'a dict key must be a string, a number or a tuple'],
    ['an unexpected character', `[1, $]`, 1, 5, 'unexpected character "$"'],
    ['a sign without a number', `- 'a'`, 1, 3, 'expected a number after "-"'],
    [
      'something after the value',
      `[1, 2] 3`,
      1,
      8,
      'expected the end of the file after the value, got the number 3',
    ],
    ['a set', `{1, 2}`, 1, 3, 'expected ":" after the dict key 1'],
  ])('%s', (_name, text, line, column, message) => {
    const error = syntaxError(() => parsePythonLiteral(text));
    expect(error.message).toContain(message);
    expect([error.line, error.column]).toEqual([line, column]);
  });

  it('points into a deep multi-line tree', () => {
    const lines = [
      'menu_tree = {',
      "    'sec_561993': [",
      "        {'title': 'Урок 1', 'lesson_id': 1855854 'boom_media': 'RPBloIDb'},",
      '    ],',
      '}',
    ];
    const [assignment] = parsePythonModule(lines.join('\n'));
    const error = syntaxError(() => assignment!.parse());
    expect(error.line).toBe(3);
    expect(error.column).toBe(lines[2]!.indexOf("'boom_media'") + 1);
    expect(error.message).toBe(
      `expected "," or "}" after a dict value, got the string 'boom_media'`,
    );
  });
});

describe('JSON dialect', () => {
  it.each([
    [
      'constants and numbers',
      '{"a": [true, false, null, -1.5e2, 0]}',
      { dict: [['a', [true, false, null, -150, 0]]] },
    ],
    ['JSON escapes', String.raw`["\/\"\\\n\u0416"]`, ['/"\\\nЖ']],
    [
      'key order of integer-like keys',
      '{"2": "b", "1": "a"}',
      {
        dict: [
          ['2', 'b'],
          ['1', 'a'],
        ],
      },
    ],
  ])('%s', (_name, text, expected) => {
    expect(plain(parsePythonLiteral(text, 'json'))).toEqual(expected);
  });

  it.each([
    ['a trailing comma', '{"a": 1,}', 1, 8, 'a trailing comma is not allowed in JSON'],
    ['single quotes', "{'a': 1}", 1, 2, 'JSON strings use double quotes'],
    ['Python constants', '{"a": None}', 1, 7, 'expected a JSON value'],
    ['comments', '{"a": 1} # c', 1, 10, 'comments are not allowed in JSON'],
    ['leading zeros', '[01]', 1, 2, 'invalid JSON number "01"'],
    ['a non-string key', '{1: 2}', 1, 2, 'expected a string key in double quotes'],
    ['a Python escape', String.raw`["\x41"]`, 1, 3, 'invalid escape "\\x" in a JSON string'],
  ])('refuses %s', (_name, text, line, column, message) => {
    const error = syntaxError(() => parsePythonLiteral(text, 'json'));
    expect(error.message).toContain(message);
    expect([error.line, error.column]).toEqual([line, column]);
  });
});

describe('Python module', () => {
  const MODULE = [
    '# -*- coding: utf-8 -*-',
    '"""Дерево курса.',
    '',
    'Много строк документации.',
    '"""',
    'from __future__ import annotations',
    'import os, sys',
    'from typing import (',
    '    Any,',
    '    Dict,',
    ')',
    '',
    '__version__ = "1.0"',
    'BASE_DIR = os.path.dirname(__file__)  # не литерал: читается, только если понадобится',
    'menu_tree: Dict[str, Any] = {',
    "    'sec_1': [],  # пусто",
    '}',
    "A = 1; B = 'два'",
    'C = \\',
    '    [3]',
  ].join('\n');

  it('reads assignments and skips comments, the docstring and imports', () => {
    const assignments = parsePythonModule(MODULE);
    expect(assignments.map((a) => [a.name, a.line, a.column])).toEqual([
      ['__version__', 13, 1],
      ['BASE_DIR', 14, 1],
      ['menu_tree', 15, 1],
      ['A', 18, 1],
      ['B', 18, 8],
      ['C', 19, 1],
    ]);
    const byName = Object.fromEntries(assignments.map((a) => [a.name, a]));
    expect(plain(byName.menu_tree!.parse())).toEqual({ dict: [['sec_1', []]] });
    expect(byName.B!.parse()).toBe('два');
    expect(byName.C!.parse()).toEqual([3]);
    expect(() => byName.BASE_DIR!.parse()).toThrow(/only literals are read/);
  });

  it.each([
    [
      'a function definition',
      'menu_tree = {}\ndef build():\n    return menu_tree\n',
      2,
      1,
      'expected an assignment such as "menu_tree = {...}", an import or a docstring, got the name "def"',
    ],
    ['an indented line', 'menu_tree = {}\n  x = 1\n', 2, 3, 'unexpected indentation'],
    ['a call', 'print(menu_tree)\n', 1, 1, 'expected an assignment'],
    [
      'an augmented assignment',
      'menu_tree = {}\nmenu_tree += {}\n',
      2,
      1,
      'expected an assignment',
    ],
  ])('refuses %s', (_name, text, line, column, message) => {
    const error = syntaxError(() => parsePythonModule(text));
    expect(error.message).toContain(message);
    expect([error.line, error.column]).toEqual([line, column]);
  });

  it('refuses an expression after the literal and an empty value', () => {
    expect(syntaxError(() => parsePythonModule('menu_tree = {} | {}\n')[0]!.parse()).message).toBe(
      'expected the end of the statement after the value, got "|"',
    );
    const empty = syntaxError(() => parsePythonModule('menu_tree =\n')[0]!.parse());
    expect(empty.message).toBe(
      'expected a value (a dict, list, tuple, string, number, None, True or False), got the end of the line',
    );
    expect([empty.line, empty.column]).toEqual([1, 12]);
  });
});
