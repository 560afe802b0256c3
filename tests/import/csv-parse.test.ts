/** The RFC 4180 parser: cells, quoting, line ends, and the line each record starts on. */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '#api/import/csv-parse.ts';

const cells = (text: string, delimiter = ','): string[][] =>
  parseCsv(text, delimiter).records.map((r) => r.cells);
const lines = (text: string): [number, number][] =>
  parseCsv(text).records.map((r) => [r.line, r.endLine]);

describe('parseCsv', () => {
  it.each([
    [
      'plain cells',
      'a,b,c\n1,2,3\n',
      [
        ['a', 'b', 'c'],
        ['1', '2', '3'],
      ],
    ],
    [
      'no trailing line end',
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'CRLF line ends',
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'lone CR line ends (old Mac)',
      'a,b\r1,2\r',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'empty cells, leading and trailing',
      ',b,\n,,\n',
      [
        ['', 'b', ''],
        ['', '', ''],
      ],
    ],
    ['quoted cells', '"a","b c"\n', [['a', 'b c']]],
    ['a delimiter inside quotes', '"Петров, Иван",x\n', [['Петров, Иван', 'x']]],
    ['doubled quotes inside quotes', '"Павел ""Паша""",x\n', [['Павел "Паша"', 'x']]],
    ['an empty quoted cell', '"",x\n', [['', 'x']]],
    ['a cell of only a doubled quote', '"""",x\n', [['"', 'x']]],
    ['LF inside quotes', '"line one\nline two",x\n', [['line one\nline two', 'x']]],
    ['CRLF inside quotes kept as it is', '"a\r\nb",x\r\n', [['a\r\nb', 'x']]],
    ['a quote inside an unquoted cell is text', 'ab"c,d\n', [['ab"c', 'd']]],
    ["spaces are kept (trimming is the caller's choice)", ' a , b \n', [[' a ', ' b ']]],
    ['a leading BOM is dropped', '\uFEFFEmail,Код\n', [['Email', 'Код']]],
    ['blank lines are skipped', 'a\n\n\nb\n\n', [['a'], ['b']]],
    ['an empty text has no records', '', []],
  ])('%s', (_name, text, expected) => {
    expect(parseCsv(text)).toEqual({ records: expect.any(Array), problems: [] });
    expect(cells(text)).toEqual(expected);
  });

  it('splits on the delimiter it is given', () => {
    expect(cells('a;b,c;"d;e"\n', ';')).toEqual([['a', 'b,c', 'd;e']]);
    expect(() => parseCsv('a', '"')).toThrow(/unusable CSV delimiter/);
  });

  it('numbers records by the physical line they start on, across quoted line breaks and blank lines', () => {
    const text = 'h1,h2\n"multi\nline\ncell",x\n\nnext,y\r\n"a\r\nb",z\r\nlast,w';
    expect(lines(text)).toEqual([
      [1, 1],
      [2, 4],
      [6, 6],
      [7, 8],
      [9, 9],
    ]);
  });

  it('reports a quote that is never closed and resumes on the next line', () => {
    const result = parseCsv('h1,h2,h3\nok,1,2\nbad,"open,3\nfine,4,5\n');
    expect(result.problems).toEqual([
      { line: 3, message: 'unbalanced quote: the quote that opens cell 2 is never closed' },
    ]);
    expect(result.records.map((r) => [r.line, r.cells])).toEqual([
      [1, ['h1', 'h2', 'h3']],
      [2, ['ok', '1', '2']],
      [4, ['fine', '4', '5']],
    ]);
  });

  it('reports text after a closing quote and resumes on the line after the record began', () => {
    // The stray quote on line 2 pairs with the one on line 3; lines 3 and 4 still parse.
    const result = parseCsv('h1,h2\nbad,"Иван\n"Пётр",x\ngood,y\n');
    expect(result.problems).toEqual([
      { line: 2, message: 'unbalanced quote: text after the closing quote of cell 2' },
    ]);
    expect(result.records.map((r) => [r.line, r.cells])).toEqual([
      [1, ['h1', 'h2']],
      [3, ['Пётр', 'x']],
      [4, ['good', 'y']],
    ]);
  });

  it('parses 10,000 records with the right line numbers', () => {
    const text = `email,code\n${Array.from({ length: 10_000 }, (_, i) => `u${i}@example.ru,"${String(i).padStart(9, '0')}"`).join('\r\n')}\r\n`;
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([]);
    expect(records).toHaveLength(10_001);
    expect(records[10_000]).toEqual({
      line: 10_001,
      endLine: 10_001,
      cells: ['u9999@example.ru', '000009999'],
    });
  });
});
