/**
 * Tokenizer for the subset of Python a menu_tree module uses: literals, names, punctuation,
 * comments and logical lines. Newlines inside brackets are whitespace, as in Python, so a
 * `newline` token only ends a top-level statement. The `json` dialect reuses the same scanner
 * but refuses what JSON does not have (comments, single quotes, string prefixes, `\x` escapes).
 */
import { LiteralSyntaxError } from './errors.ts';
import type { Dialect } from './py-value.ts';

export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'newline' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text (for strings: the decoded value is in `value`). */
  text: string;
  line: number;
  column: number;
  /** Bracket depth before this token: statements split only at depth 0. */
  depth: number;
  /** First token of a top-level line that starts after whitespace. */
  indented?: boolean;
  /** Decoded string contents. */
  value?: string;
  /** `b'…'` literal (decoded as UTF-8, but never concatenated with a str). */
  bytes?: boolean;
  /** Number literal written with a fraction or an exponent. */
  float?: boolean;
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const OPERATORS = new Set([...'()[]{}:,=;.+-*/%@<>!~^|&']);
const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;
const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf']);
const NUMBER =
  /0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?/y;
const JSON_NUMBER = /^(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const PY_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};
const JSON_ESCAPES: Record<string, string> = {
  '\\': '\\',
  '"': '"',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

export function tokenize(text: string, dialect: Dialect = 'python'): Token[] {
  return new Scanner(text, dialect).run();
}

class Scanner {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  private depth = 0;
  private readonly brackets: { ch: string; line: number; column: number }[] = [];
  private readonly tokens: Token[] = [];

  constructor(
    private readonly text: string,
    private readonly dialect: Dialect,
  ) {
    if (text.startsWith('\uFEFF')) this.i = this.lineStart = 1;
  }

  run(): Token[] {
    const { text } = this;
    while (this.i < text.length) {
      const ch = text[this.i]!;
      if (ch === '\n' || ch === '\r') {
        this.newline();
      } else if (ch === ' ' || ch === '\t' || ch === '\f') {
        this.i++;
      } else if (ch === '#') {
        if (this.dialect === 'json') this.fail('comments are not allowed in JSON');
        while (this.i < text.length && text[this.i] !== '\n' && text[this.i] !== '\r') this.i++;
      } else if (
        ch === '\\' &&
        (text[this.i + 1] === '\n' || text[this.i + 1] === '\r') &&
        this.dialect === 'python'
      ) {
        // An explicit line continuation joins two physical lines into one statement.
        this.i++;
        this.breakLine();
      } else if (ch === '"' || ch === "'") {
        this.string('');
      } else if (/\d/.test(ch) || (ch === '.' && /\d/.test(text[this.i + 1] ?? ''))) {
        this.number();
      } else if (this.matchesAt(NAME)) {
        this.name();
      } else if (OPERATORS.has(ch)) {
        this.operator(ch);
      } else {
        this.fail(`unexpected character ${JSON.stringify(ch)}`);
      }
    }
    const open = this.brackets.at(-1);
    if (open) throw new LiteralSyntaxError(`"${open.ch}" is never closed`, open.line, open.column);
    this.push('eof', '', this.i);
    return this.tokens;
  }

  private matchesAt(re: RegExp): boolean {
    re.lastIndex = this.i;
    return re.test(this.text);
  }

  private column(offset: number): number {
    return offset - this.lineStart + 1;
  }

  private fail(message: string, offset = this.i): never {
    throw new LiteralSyntaxError(message, this.line, this.column(offset));
  }

  /** Adds a token that starts at `start` on the current line (or at `place`, for multi-line strings). */
  private push(
    kind: TokenKind,
    text: string,
    start: number,
    extra: Partial<Token> = {},
    place = { line: this.line, column: this.column(start) },
  ): void {
    const last = this.tokens.at(-1);
    const startsLine = this.depth === 0 && (!last || last.kind === 'newline');
    const token: Token = { kind, text, ...place, depth: this.depth, ...extra };
    if (startsLine && kind !== 'eof' && token.column > 1) token.indented = true;
    this.tokens.push(token);
  }

  /** Consumes one line break (\n, \r\n or \r) and moves the position to the next line. */
  private breakLine(): void {
    this.i += this.text[this.i] === '\r' && this.text[this.i + 1] === '\n' ? 2 : 1;
    this.line++;
    this.lineStart = this.i;
  }

  private newline(): void {
    const last = this.tokens.at(-1);
    if (this.depth === 0 && last && last.kind !== 'newline') this.push('newline', '\n', this.i);
    this.breakLine();
  }

  private operator(ch: string): void {
    if (OPEN.has(ch)) {
      this.push('op', ch, this.i);
      this.brackets.push({ ch, line: this.line, column: this.column(this.i) });
      this.depth++;
    } else if (CLOSE[ch]) {
      const open = this.brackets.pop();
      if (!open) this.fail(`unmatched "${ch}"`);
      if (open.ch !== CLOSE[ch])
        this.fail(
          `"${ch}" does not match "${open.ch}" opened on line ${open.line}, column ${open.column}`,
        );
      this.depth--;
      this.push('op', ch, this.i);
    } else {
      this.push('op', ch, this.i);
    }
    this.i++;
  }

  private name(): void {
    const start = this.i;
    NAME.lastIndex = start;
    const word = NAME.exec(this.text)![0];
    const next = this.text[start + word.length];
    if ((next === '"' || next === "'") && STRING_PREFIXES.has(word.toLowerCase())) {
      if (this.dialect === 'json')
        this.fail(`string prefixes like ${word}"…" are not allowed in JSON`);
      if (word.toLowerCase().includes('f'))
        this.fail('f-strings are not literals: write the text out in a plain string');
      this.i += word.length;
      this.string(word.toLowerCase(), start);
      return;
    }
    this.i += word.length;
    this.push('name', word, start);
  }

  private number(): void {
    const start = this.i;
    NUMBER.lastIndex = start;
    const text = NUMBER.exec(this.text)![0];
    const end = start + text.length;
    const after = this.text[end] ?? '';
    if (/[jJ]/.test(after)) this.fail('complex numbers are not supported', start);
    if (/[\p{L}\p{N}_.]/u.test(after)) this.fail(`invalid number "${text}${after}"`, start);
    const isFloat = !/^0[xob]/i.test(text) && /[.eE]/.test(text);
    if (this.dialect === 'json' && !JSON_NUMBER.test(text))
      this.fail(`invalid JSON number "${text}"`, start);
    if (!isFloat && /^0[0-9_]*[1-9]/.test(text))
      this.fail(
        `leading zeros are not allowed in a decimal number ("${text}"); Python reads 0o… as octal`,
        start,
      );
    this.i = end;
    this.push('number', text, start, isFloat ? { float: true } : {});
  }

  /** Reads a string literal; the cursor is on the opening quote, `start` on the prefix. */
  private string(prefix: string, start = this.i): void {
    const { text } = this;
    const quote = text[this.i]!;
    if (this.dialect === 'json' && quote === "'") this.fail('JSON strings use double quotes');
    const triple = this.dialect === 'python' && text.startsWith(quote.repeat(3), this.i);
    const startLine = this.line;
    const startColumn = this.column(start);
    const raw = prefix.includes('r');
    const bytes = prefix.includes('b');
    const out: number[] | string[] = [];
    const emit = (chunk: string): void => {
      if (bytes) {
        for (const c of chunk) {
          const code = c.codePointAt(0)!;
          if (code > 0x7f)
            this.fail('a bytes literal may only contain ASCII characters; use \\x escapes');
          (out as number[]).push(code);
        }
      } else (out as string[]).push(chunk);
    };
    const emitByte = (code: number): void => {
      if (bytes && code > 0xff)
        this.fail('an escape in a bytes literal must be at most \\377 (255)');
      if (bytes) (out as number[]).push(code);
      else (out as string[]).push(String.fromCodePoint(code));
    };
    this.i += triple ? 3 : 1;
    for (;;) {
      if (this.i >= text.length) {
        throw new LiteralSyntaxError(
          `unterminated string: the ${triple ? 'triple-quoted ' : ''}string opened here is never closed`,
          startLine,
          startColumn,
        );
      }
      const ch = text[this.i]!;
      if (ch === quote && (!triple || text.startsWith(quote.repeat(3), this.i))) {
        this.i += triple ? 3 : 1;
        break;
      }
      if (ch === '\n' || ch === '\r') {
        if (!triple)
          this.fail(
            `unterminated string: a line break inside a ${quote}…${quote} string; use \\n or triple quotes`,
          );
        emit(ch === '\r' ? '\n' : ch);
        this.breakLine();
        continue;
      }
      if (ch !== '\\') {
        if (this.dialect === 'json' && ch < ' ')
          this.fail('control characters must be escaped in JSON strings');
        emit(ch);
        this.i++;
        continue;
      }
      const next = text[this.i + 1] ?? '';
      if (next === '\n' || next === '\r') {
        // Backslash-newline: a continuation inside a string (kept as is in raw strings).
        if (this.dialect === 'json')
          this.fail('a line break must be written as \\n in JSON strings');
        if (raw) emit('\\\n');
        this.i++;
        this.breakLine();
        continue;
      }
      if (raw) {
        // In raw strings a backslash only stops the next quote from closing the string.
        emit(`\\${next}`);
        this.i += 2;
        continue;
      }
      this.escape(next, bytes, emit, emitByte);
    }
    let value: string;
    if (bytes) {
      try {
        value = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(out as number[]));
      } catch {
        throw new LiteralSyntaxError(
          'the bytes literal is not valid UTF-8 text',
          startLine,
          startColumn,
        );
      }
    } else value = (out as string[]).join('');
    this.push(
      'string',
      text.slice(start, this.i),
      start,
      { value, ...(bytes ? { bytes } : {}) },
      { line: startLine, column: startColumn },
    );
  }

  /** One escape sequence; the cursor is on the backslash. */
  private escape(
    next: string,
    bytes: boolean,
    emit: (s: string) => void,
    emitByte: (n: number) => void,
  ): void {
    const { text } = this;
    const hex = (length: number, what: string): number => {
      const digits = text.slice(this.i + 2, this.i + 2 + length);
      if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(digits))
        this.fail(`\\${what} needs exactly ${length} hex digits`);
      this.i += 2 + length;
      return parseInt(digits, 16);
    };
    if (this.dialect === 'json') {
      if (next === 'u') return emitByte(hex(4, 'u'));
      const simple = JSON_ESCAPES[next];
      if (simple === undefined) this.fail(`invalid escape "\\${next}" in a JSON string`);
      emit(simple);
      this.i += 2;
      return;
    }
    const simple = PY_ESCAPES[next];
    if (simple !== undefined) {
      if (bytes) emitByte(simple.charCodeAt(0));
      else emit(simple);
      this.i += 2;
    } else if (next === 'x') {
      emitByte(hex(2, 'x'));
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(text.slice(this.i + 1, this.i + 4))![0];
      emitByte(parseInt(digits, 8));
      this.i += 1 + digits.length;
    } else if (!bytes && next === 'u') {
      emitByte(hex(4, 'u'));
    } else if (!bytes && next === 'U') {
      const code = hex(8, 'U');
      if (code > 0x10ffff)
        this.fail('\\U escape is beyond the last Unicode code point', this.i - 10);
      emitByte(code);
    } else if (!bytes && next === 'N') {
      this.fail('\\N{…} escapes are not supported: write the character itself');
    } else {
      // Python keeps unknown escapes such as "\d" as a backslash and the letter.
      emit(`\\${next}`);
      this.i += 2;
    }
  }
}
