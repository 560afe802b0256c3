/** The committed CSV fixtures and small helpers around them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const FIXTURES_DIR = path.resolve(import.meta.dirname, '../../fixtures/csv');

export const fixturePath = (name: string): string => path.join(FIXTURES_DIR, name);

export const fixture = (name: string): Uint8Array => readFileSync(fixturePath(name));

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
