/** Paths of the files in tests/fixtures/telegram-group. */
import path from 'node:path';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/telegram-group');
export const fixture = (name: string): string => path.join(FIXTURES, name);
