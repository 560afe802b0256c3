/**
 * Legacy trees split a long video into several entries of one Stepik lesson, marking the part
 * in the title: "Урок 3 (часть 1)", "Урок 3. Часть 2/2", "Урок 3, часть 2 из 3", "Урок 3 (ч. 1)",
 * "Урок 3 (1/2)", "Урок 3 (2-я часть)". This finds the part number and the title without it.
 */

export interface PartTitle {
  /** The title without the part suffix (the whole title when nothing else is left). */
  base: string;
  part?: number;
}

// Group 1 or 2 holds the part number; "из N" / "/N" / "of N" (the total) is ignored.
const PART = String.raw`(?:(?:часть|ч\.?|part|pt\.?)\s*(\d+)(?:\s*(?:\/|из|of)\s*\d+)?|(\d+)\s*(?:-?\s*(?:я|ая))?\s+часть)`;
const PATTERNS = [
  new RegExp(String.raw`\s*[(\[]\s*${PART}\s*[)\]]\s*$`, 'iu'),
  new RegExp(String.raw`\s*\(\s*(\d+)\s*(?:\/|из|of)\s*\d+\s*\)\s*$`, 'iu'),
  // Not in brackets: the keyword must start a word ("Урок 3. Часть 2", not "Участь 2").
  new RegExp(String.raw`(?<![\p{L}\p{N}])${PART}\s*$`, 'iu'),
];
const TRAILING_SEPARATORS = /[\s.,:;—–-]+$/u;

export function splitPartSuffix(title: string): PartTitle {
  for (const pattern of PATTERNS) {
    const match = pattern.exec(title);
    if (!match) continue;
    const part = Number(match[1] ?? match[2]);
    const base = title.slice(0, match.index).replace(TRAILING_SEPARATORS, '').trim();
    return { base: base || title, part };
  }
  return { base: title };
}
