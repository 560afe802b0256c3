/**
 * The converter's expected failures. They carry the position (file, line, column) separately
 * from the message so the CLI can print one line in the usual `file:line:column: message` shape.
 */

export interface ErrorPlace {
  /** Set when the problem is in another file than the menu_tree being imported (e.g. course.yaml). */
  file?: string;
  line?: number;
  column?: number;
}

/** A menu_tree that cannot be read or converted. The message names the entry or the position. */
export class MenuTreeError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  constructor(message: string, place: ErrorPlace = {}) {
    super(message);
    this.name = 'MenuTreeError';
    this.file = place.file;
    this.line = place.line;
    this.column = place.column;
  }

  /** `menu_tree.py:3:7: expected ":" …` */
  describe(defaultFile: string): string {
    const file = this.file ?? defaultFile;
    const where = this.line === undefined ? file : `${file}:${this.line}:${this.column ?? 1}`;
    return `${where}: ${this.message}`;
  }
}

/** The text is not a valid Python (or JSON) literal; always has a line and a column (1-based). */
export class LiteralSyntaxError extends MenuTreeError {
  declare readonly line: number;
  declare readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(message, { line, column });
    this.name = 'LiteralSyntaxError';
  }
}
