/**
 * Lesson slugs from titles: Cyrillic transliterated the way Russian passports do it (ICAO Doc
 * 9303, ГОСТ Р 52535.1-2006: "щ" → "shch", "ю" → "iu"), except that the hard and soft signs
 * are dropped rather than written "ie", which reads better in a URL.
 */

const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  // Ukrainian and Belarusian letters that turn up in titles.
  і: 'i',
  ї: 'i',
  є: 'ie',
  ґ: 'g',
  ў: 'u',
};

/** Long titles make unwieldy URLs: cut at a word boundary. */
const MAX_LENGTH = 60;

export function transliterate(text: string): string {
  return [...text.toLowerCase()].map((ch) => CYRILLIC[ch] ?? ch).join('');
}

/** "Урок 1. Введение" → "urok-1-vvedenie"; a title with no letters or digits gives "lesson". */
export function slugify(title: string): string {
  let slug = transliterate(title)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > MAX_LENGTH) {
    const cut = slug.slice(0, MAX_LENGTH + 1);
    slug = (
      cut.lastIndexOf('-') > 0 ? cut.slice(0, cut.lastIndexOf('-')) : cut.slice(0, MAX_LENGTH)
    ).replace(/-+$/, '');
  }
  return slug || 'lesson';
}

/** `base`, or `base-2`, `base-3`… — the first one not in `taken`; the result is added to `taken`. */
export function uniqueSlug(base: string, taken: Set<string>): string {
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}
