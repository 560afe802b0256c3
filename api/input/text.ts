/**
 * Text that may reach the database. PostgreSQL refuses a NUL in `text` outright (a 500 where a
 * 400 belongs) and no email, name or search has a use for any other control character, so
 * input is checked for them before any query.
 */
/** C0 controls (NUL…US), DEL and the C1 controls. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

/** For a search box: what a person could have meant, without the characters nobody types. */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

/** Every given string (undefined and null pass) is free of control characters. */
export function areCleanTexts(...values: (string | null | undefined)[]): boolean {
  return values.every(
    (value) => value === undefined || value === null || !hasControlCharacter(value),
  );
}
