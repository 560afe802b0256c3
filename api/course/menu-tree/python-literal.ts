/**
 * A recursive-descent reader for Python literals (dicts, lists, tuples, strings, numbers,
 * None/True/False) and for the few top-level statements a menu_tree module holds: comments, a
 * docstring, imports and assignments. Nothing is evaluated: a name other than None/True/False
 * where a value is expected is an error, so a module can be read without running it.
 */
import { LiteralSyntaxError } from './errors.ts';
import {
  PyDict,
  PyTuple,
  describeValue,
  type Dialect,
  type PyKey,
  type PyValue,
} from './py-value.ts';
import { tokenize, type Token } from './python-tokens.ts';

const CONSTANTS: Record<Dialect, Record<string, PyValue>> = {
  python: { None: null, True: true, False: false },
  json: { null: null, true: true, false: false },
};

const EXPECTED_VALUE: Record<Dialect, string> = {
  python: 'a value (a dict, list, tuple, string, number, None, True or False)',
  json: 'a JSON value (an object, array, string, number, true, false or null)',
};

function describeToken(token: Token): string {
  switch (token.kind) {
    case 'eof':
      // Statement slices end in an eof token that stands for the line end or a ";".
      return token.text === '\n'
        ? 'the end of the line'
        : token.text === ';'
          ? '";"'
          : 'the end of the file';
    case 'newline':
      return 'the end of the line';
    case 'string':
      return `the string ${token.text.length > 40 ? `${token.text.slice(0, 37)}...` : token.text}`;
    case 'name':
      return `the name "${token.text}"`;
    case 'number':
      return `the number ${token.text}`;
    default:
      return `"${token.text}"`;
  }
}

class LiteralParser {
  private pos = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly dialect: Dialect,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    const token = this.tokens[this.pos]!;
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  private isOp(text: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.text === text;
  }

  fail(expected: string, token = this.peek()): never {
    throw new LiteralSyntaxError(
      `expected ${expected}, got ${describeToken(token)}`,
      token.line,
      token.column,
    );
  }

  /** The whole token list is one value (followed only by line ends). */
  parseDocument(end = 'the end of the file'): PyValue {
    this.skipNewlines();
    const value = this.parseValue();
    this.skipNewlines();
    if (this.peek().kind !== 'eof') this.fail(`${end} after the value`);
    return value;
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.pos++;
  }

  parseValue(): PyValue {
    const token = this.peek();
    if (token.kind === 'op') {
      if (token.text === '{') return this.parseDict();
      if (token.text === '[') return this.parseList();
      if (token.text === '(' && this.dialect === 'python') return this.parseParens();
      if (token.text === '-' || (token.text === '+' && this.dialect === 'python'))
        return this.parseSigned();
    }
    if (token.kind === 'string') return this.parseStrings();
    if (token.kind === 'number') return this.numberValue(this.next());
    if (token.kind === 'name') {
      const constants = CONSTANTS[this.dialect];
      if (Object.hasOwn(constants, token.text)) {
        this.next();
        return constants[token.text]!;
      }
      const hint =
        this.dialect === 'python'
          ? ' (only literals are read: names, calls and expressions are not evaluated)'
          : '';
      this.fail(`${EXPECTED_VALUE[this.dialect]}${hint}`);
    }
    this.fail(EXPECTED_VALUE[this.dialect]);
  }

  private numberValue(token: Token): number {
    const value = Number(token.text.replace(/_/g, ''));
    if (!token.float && !Number.isSafeInteger(value)) {
      throw new LiteralSyntaxError(
        `the number ${token.text} is too large to be read exactly`,
        token.line,
        token.column,
      );
    }
    return value;
  }

  private parseSigned(): number {
    const sign = this.next();
    const token = this.peek();
    // Python allows "- 5" and "--5"; JSON only "-5".
    if (
      this.dialect === 'python' &&
      token.kind === 'op' &&
      (token.text === '-' || token.text === '+')
    ) {
      const inner = this.parseSigned();
      return sign.text === '-' ? -inner : inner;
    }
    if (token.kind !== 'number') this.fail(`a number after "${sign.text}"`);
    if (this.dialect === 'json' && (token.line !== sign.line || token.column !== sign.column + 1))
      this.fail('a number right after "-"');
    const value = this.numberValue(this.next());
    return sign.text === '-' ? -value : value;
  }

  /** Adjacent string literals are one string, as in Python: "Урок " "1" == "Урок 1". */
  private parseStrings(): string {
    const first = this.next();
    let value = first.value!;
    if (this.dialect === 'json') return value;
    while (this.peek().kind === 'string') {
      const token = this.next();
      if (Boolean(token.bytes) !== Boolean(first.bytes)) {
        throw new LiteralSyntaxError(
          'cannot join a bytes literal and a text string',
          token.line,
          token.column,
        );
      }
      value += token.value!;
    }
    return value;
  }

  /** Reads comma-separated items up to `close`, allowing a trailing comma (except in JSON). */
  private parseItems(close: string, what: string, item: () => void): void {
    for (;;) {
      if (this.isOp(close)) {
        this.next();
        return;
      }
      item();
      if (this.isOp(',')) {
        const comma = this.next();
        if (this.dialect === 'json' && this.isOp(close)) {
          throw new LiteralSyntaxError(
            `a trailing comma is not allowed in JSON`,
            comma.line,
            comma.column,
          );
        }
        continue;
      }
      if (this.isOp(close)) continue;
      this.fail(`"," or "${close}" after ${what}`);
    }
  }

  private parseList(): PyValue[] {
    this.next();
    const items: PyValue[] = [];
    this.parseItems(']', 'a list item', () => items.push(this.parseValue()));
    return items;
  }

  /** `(…)`: a tuple when there is a comma (or nothing), otherwise just a grouped value. */
  private parseParens(): PyValue {
    this.next();
    if (this.isOp(')')) {
      this.next();
      return new PyTuple([]);
    }
    const first = this.parseValue();
    if (this.isOp(')')) {
      this.next();
      return first;
    }
    if (!this.isOp(',')) this.fail('"," or ")" after a tuple item');
    this.next();
    const items = [first];
    this.parseItems(')', 'a tuple item', () => items.push(this.parseValue()));
    return new PyTuple(items);
  }

  private parseDict(): PyDict {
    this.next();
    const entries: [PyKey, PyValue][] = [];
    const seen = new Map<string, Token>();
    this.parseItems('}', 'a dict value', () => {
      const keyToken = this.peek();
      if (this.dialect === 'json' && keyToken.kind !== 'string')
        this.fail('a string key in double quotes');
      const key = this.parseValue();
      if (Array.isArray(key) || key instanceof PyDict) {
        throw new LiteralSyntaxError(
          `a dict key must be a string, a number or a tuple, not ${describeValue(key, this.dialect)}`,
          keyToken.line,
          keyToken.column,
        );
      }
      if (!this.isOp(':')) this.fail(`":" after the dict key ${describeValue(key, this.dialect)}`);
      this.next();
      const value = this.parseValue();
      // Python would silently keep only the last value: in a course tree that loses a section.
      const id =
        key instanceof PyTuple
          ? `tuple:${keyToken.line}:${keyToken.column}`
          : `${typeof key}:${String(key)}`;
      const previous = seen.get(id);
      if (previous) {
        throw new LiteralSyntaxError(
          `duplicate key ${describeValue(key, this.dialect)} (first on line ${previous.line}, column ${previous.column}); Python would keep only the last one`,
          keyToken.line,
          keyToken.column,
        );
      }
      seen.set(id, keyToken);
      entries.push([key, value]);
    });
    return new PyDict(entries);
  }
}

/** Reads text that is one literal value: a Python literal, or JSON with `dialect: 'json'`. */
export function parsePythonLiteral(text: string, dialect: Dialect = 'python'): PyValue {
  return new LiteralParser(tokenize(text, dialect), dialect).parseDocument();
}

export interface ModuleAssignment {
  name: string;
  line: number;
  column: number;
  /** Reads the assigned literal; only called for the assignment that is needed. */
  parse(): PyValue;
}

function statementsOf(tokens: Token[]): Token[][] {
  const statements: Token[][] = [];
  let current: Token[] = [];
  for (const token of tokens) {
    const ends =
      token.kind === 'newline' ||
      token.kind === 'eof' ||
      (token.kind === 'op' && token.text === ';' && token.depth === 0);
    if (!ends) current.push(token);
    else if (current.length) {
      statements.push([...current, { ...token, kind: 'eof' }]);
      current = [];
    }
  }
  return statements;
}

/**
 * Reads a module's top level: every `name = <literal>` (also `name: <annotation> = …`), skipping
 * comments, docstrings and imports. Anything else (a def, an if, a call) is an error.
 */
export function parsePythonModule(text: string): ModuleAssignment[] {
  const assignments: ModuleAssignment[] = [];
  for (const statement of statementsOf(tokenize(text, 'python'))) {
    const first = statement[0]!;
    if (first.indented) {
      throw new LiteralSyntaxError(
        'unexpected indentation: only top-level imports, a docstring and assignments are read',
        first.line,
        first.column,
      );
    }
    if (first.kind === 'name' && (first.text === 'import' || first.text === 'from')) continue;
    if (statement.every((t) => t.kind === 'string' || t.kind === 'eof')) continue;
    const equals = statement.findIndex((t) => t.kind === 'op' && t.text === '=' && t.depth === 0);
    const second = statement[1]!;
    const isAssignment =
      first.kind === 'name' &&
      equals > 0 &&
      (equals === 1 || (second.kind === 'op' && second.text === ':')) &&
      !Object.hasOwn(CONSTANTS.python, first.text);
    if (!isAssignment) {
      throw new LiteralSyntaxError(
        `expected an assignment such as "menu_tree = {...}", an import or a docstring, got ${describeToken(first)}`,
        first.line,
        first.column,
      );
    }
    const valueTokens = statement.slice(equals + 1);
    assignments.push({
      name: first.text,
      line: first.line,
      column: first.column,
      parse: () =>
        new LiteralParser(valueTokens, 'python').parseDocument('the end of the statement'),
    });
  }
  return assignments;
}
