/**
 * An RFC 4180 CSV parser: quoted cells, doubled quotes inside them, line breaks inside them,
 * CRLF, LF or lone CR line ends, an optional trailing line end and a leading BOM.
 *
 * Every record carries the physical line it starts on, because that is what a person opening
 * the file in an editor sees. A malformed record (a quote never closed, text after a closing
 * quote) is reported and parsing resumes on the line after the one it started on: one stray
 * quote must not swallow the rest of the file.
 *
 * Lenient where spreadsheets are sloppy: a quote inside an unquoted cell is kept as text.
 */

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  /** 1-based line the record ends on (after `line` when a quoted cell holds a line break). */
  endLine: number;
  cells: string[];
}

export interface CsvSyntaxProblem {
  line: number;
  message: string;
}

export interface CsvParseResult {
  records: CsvRecord[];
  problems: CsvSyntaxProblem[];
}

type RecordOutcome =
  | { ok: true; cells: string[]; next: number; endLine: number; nextLine: number; blank: boolean }
  | { ok: false; message: string };

const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r';

/** Index just past the line break at `i` (CRLF counts as one). */
function skipBreak(text: string, i: number): number {
  return text[i] === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
}

/** Line breaks in text[from, to): CRLF, LF and lone CR each count once. */
function countBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) count++;
  }
  return count;
}

function readRecord(
  text: string,
  start: number,
  startLine: number,
  delimiter: string,
): RecordOutcome {
  const cells: string[] = [];
  let i = start;
  let line = startLine;
  let quoted = false;
  for (;;) {
    if (text[i] === '"') {
      quoted = true;
      let value = '';
      let chunk = ++i;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1)
          return {
            ok: false,
            message: `unbalanced quote: the quote that opens cell ${cells.length + 1} is never closed`,
          };
        line += countBreaks(text, i, quote);
        if (text[quote + 1] === '"') {
          value += text.slice(chunk, quote + 1);
          i = chunk = quote + 2;
          continue;
        }
        value += text.slice(chunk, quote);
        i = quote + 1;
        break;
      }
      cells.push(value);
      const after = text[i];
      if (after === delimiter) {
        i++;
        continue;
      }
      if (after !== undefined && !isBreak(after))
        return {
          ok: false,
          message: `unbalanced quote: text after the closing quote of cell ${cells.length}`,
        };
    } else {
      let end = i;
      while (end < text.length && text[end] !== delimiter && !isBreak(text[end])) end++;
      cells.push(text.slice(i, end));
      i = end;
      if (text[i] === delimiter) {
        i++;
        continue;
      }
    }
    // End of the record: a line break or the end of the text.
    const next = i < text.length ? skipBreak(text, i) : i;
    const blank = !quoted && cells.length === 1 && cells[0] === '';
    return {
      ok: true,
      cells,
      next,
      endLine: line,
      nextLine: line + (i < text.length ? 1 : 0),
      blank,
    };
  }
}

/** Parses the whole text; blank lines are skipped. */
export function parseCsv(text: string, delimiter = ','): CsvParseResult {
  if (delimiter.length !== 1 || delimiter === '"' || isBreak(delimiter))
    throw new Error(`unusable CSV delimiter ${JSON.stringify(delimiter)}`);
  const records: CsvRecord[] = [];
  const problems: CsvSyntaxProblem[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const outcome = readRecord(text, i, line, delimiter);
    if (outcome.ok) {
      if (!outcome.blank) records.push({ line, endLine: outcome.endLine, cells: outcome.cells });
      i = outcome.next;
      line = outcome.nextLine;
      continue;
    }
    problems.push({ line, message: outcome.message });
    // Resume on the next physical line: the rows after a stray quote are most likely fine.
    let end = i;
    while (end < text.length && !isBreak(text[end])) end++;
    i = end < text.length ? skipBreak(text, end) : end;
    line++;
  }
  return { records, problems };
}
