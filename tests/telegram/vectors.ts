/**
 * The public test vectors (docs: shared/fixtures/telegram/vectors.json). CI clones the repo next
 * to a `shared/` copy, so the file is found relative to the repository, not by absolute path.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/cli.ts';

export const VECTORS_PATH = path.resolve(ROOT, '../shared/fixtures/telegram/vectors.json');
export const VECTORS_PRESENT = existsSync(VECTORS_PATH);
export const VECTORS_ABSENT_MESSAGE = `skipped: ${VECTORS_PATH} is absent (the shared fixtures are not checked out next to the repo)`;

interface VectorBase {
  /** Unix seconds the source test pretends; null = it used the real clock. */
  now: number | null;
  /** 0 = the source switched the expiry check off. */
  max_age_s: number;
  expect_valid: boolean;
  note?: string;
  source: string;
  /** The fixture author's own re-check, e.g. `signature ok, fresh=false`. */
  verified_detail?: string;
}

export interface HmacVector extends VectorBase {
  kind: 'webapp-hmac';
  bot_token: string;
  init_data: string;
}

export interface Ed25519Vector extends VectorBase {
  kind: 'webapp-ed25519';
  bot_id: number;
  public_key_hex: string;
  /** `production`, `test`, or free text for a library's own key pair. */
  environment: string;
  init_data: string;
}

export interface LoginWidgetVector extends VectorBase {
  kind: 'login-widget';
  bot_token: string;
  fields: Record<string, string>;
}

export type Vector = HmacVector | Ed25519Vector | LoginWidgetVector;

export function loadVectors(): Vector[] {
  return VECTORS_PRESENT ? (JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as Vector[]) : [];
}

/** The test name: its note (several notes repeat, so the index and kind come first). */
export function vectorName(vector: Vector, index: number): string {
  return `#${index} ${vector.kind}: ${vector.note ?? `expected ${vector.expect_valid ? 'valid' : 'invalid'} (${vector.source})`}`;
}

/**
 * Freshness as the source test applied it. `now: null` means the source used the real clock; with
 * a positive max age such data (years old) is expected invalid, and the real clock reproduces that.
 */
export function vectorFreshness(vector: Vector): {
  maxAgeInSeconds: number;
  nowInSeconds?: number;
} {
  return vector.now === null
    ? { maxAgeInSeconds: vector.max_age_s }
    : { maxAgeInSeconds: vector.max_age_s, nowInSeconds: vector.now };
}

/**
 * The fixture records whether the signature itself was fine. Where it was and only the time was
 * off, the failure must be about time; where it was not, the signature must be blamed first.
 */
export function expectedTimeFailure(vector: Vector): boolean | undefined {
  const detail = vector.verified_detail ?? '';
  if (vector.expect_valid || !/signature (ok|bad)/.test(detail)) return undefined;
  return detail.includes('signature ok') && detail.includes('fresh=false');
}
