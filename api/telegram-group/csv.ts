/**
 * The small CSV reader the member and match files need: UTF-8 with or without a BOM, comma or
 * semicolon (Excel in a Russian locale writes semicolons), RFC 4180 quotes, and the line each
 * record starts on, so an error can point at it.
 */
import { TelegramGroupError } from './errors.ts';

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  cells: string[];
}

export interface CsvTable {
  headers: string[];
  records: CsvRecord[];
  delimiter: ',' | ';';
}

/** Bytes → text; a file that is not UTF-8 is refused instead of read as mojibake. */
export function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new TelegramGroupError(`${name}: not UTF-8 text; save it as "CSV UTF-8" (or JSON) and try again`);
  }
}

/** The delimiter used in the header line, outside quotes: the more frequent of the two. */
function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas += 1;
    else if (!quoted && ch === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

export function parseCsv(text: string): CsvTable {
  const delimiter = detectDelimiter(text);
  const rows: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = (): void => {
    cells.push(cell);
    // Blank lines, the end after a final newline and Excel's `;;;;` rows are not records.
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line += 1;
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      start = line;
    } else cell += ch;
  }
  if (quoted) throw new Error(`line ${start}: a quoted field is not closed`);
  endRecord();
  const [header, ...records] = rows;
  return { headers: (header?.cells ?? []).map((h) => h.trim()), records, delimiter };
}

/** `First Name`, `first-name`, ` FIRST_NAME ` → `first_name`; Cyrillic is kept. */
export function headerKey(header: string): string {
  return header.trim().toLowerCase().replace(/ё/g, 'е').replace(/[\s-]+/g, '_');
}

/** The index of the first header among `names` (compared by headerKey), or -1. */
export function findColumn(headers: readonly string[], names: readonly string[]): number {
  const keys = headers.map(headerKey);
  for (const name of names) {
    const index = keys.indexOf(headerKey(name));
    if (index >= 0) return index;
  }
  return -1;
}
