/**
 * What a spreadsheet hands us: UTF-8 (Excel's "CSV UTF-8" adds a BOM, LibreOffice does not) or
 * Windows-1251 (Excel's plain "CSV" on a Russian Windows), separated by commas or, where the
 * decimal separator is a comma, by semicolons.
 */
import { ImportError } from './import-error.ts';

export type CsvEncoding = 'utf-8' | 'windows-1251';
export type CsvDelimiter = ',' | ';';

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
  /** The file started with a UTF-8 byte order mark (removed from `text`). */
  bom: boolean;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** `utf-8`, `utf8`, `windows-1251`, `cp1251` (any case) → the encoding, else null. */
export function parseEncodingName(name: string): CsvEncoding | null {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  if (key === 'utf8') return 'utf-8';
  if (key === 'windows1251' || key === 'cp1251' || key === 'win1251') return 'windows-1251';
  return null;
}

/**
 * Decodes the file. Without `forced`, UTF-8 is tried strictly (`fatal: true`): Cyrillic in
 * Windows-1251 is almost never valid UTF-8, so a failure means Windows-1251.
 */
export function decodeCsv(bytes: Uint8Array, forced?: CsvEncoding): DecodedCsv {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new ImportError(
      'the file is UTF-16 (Excel\'s "Unicode text"); save it as "CSV UTF-8" instead',
    );
  }
  const bom = startsWith(bytes, UTF8_BOM);
  if (forced === 'windows-1251') {
    if (bom)
      throw new ImportError(
        'the file starts with a UTF-8 byte order mark, but --encoding windows-1251 was given',
      );
    return {
      text: new TextDecoder('windows-1251').decode(bytes),
      encoding: 'windows-1251',
      bom: false,
    };
  }
  try {
    // The decoder drops the BOM itself (ignoreBOM is false by default).
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
      encoding: 'utf-8',
      bom,
    };
  } catch {
    if (forced === 'utf-8')
      throw new ImportError('the file is not valid UTF-8 (try --encoding windows-1251)');
    return {
      text: new TextDecoder('windows-1251').decode(bytes),
      encoding: 'windows-1251',
      bom: false,
    };
  }
}

/** Commas and semicolons outside quotes in the first record (it may span lines inside quotes). */
function countInFirstRecord(text: string): { commas: number; semicolons: number } {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semicolons++;
  }
  return { commas, semicolons };
}

/**
 * `;` when the header line has more semicolons than commas outside quotes, else `,`. A header
 * such as `Фамилия, имя;Почта;Код` still counts right: it has two semicolons and one comma.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const { commas, semicolons } = countInFirstRecord(text);
  return semicolons > commas ? ';' : ',';
}
