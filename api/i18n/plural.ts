/**
 * Russian plural forms. A leaf module with no imports: the browser scripts use it too, so the
 * site and the API count steps the same way.
 */

/** plural(3, ['шаг', 'шага', 'шагов']) → 'шага' */
export function plural(n: number, forms: readonly [string, string, string]): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return forms[0];
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return forms[1];
  return forms[2];
}

/** "{passed} из {total} {steps}" with the form of "шаг" that goes with `total`. */
export function formatProgress(
  template: string,
  forms: readonly [string, string, string],
  passed: number,
  total: number,
): string {
  return template
    .replace('{passed}', String(passed))
    .replace('{total}', String(total))
    .replace('{steps}', plural(total, forms));
}
