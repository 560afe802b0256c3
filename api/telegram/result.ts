/** The shape every Telegram check returns: data on success, a reason code and a sentence otherwise. */

/** Why a first-party (HMAC) check failed. */
export type HashFailureReason = 'malformed' | 'missing_hash' | 'bad_hash' | 'stale' | 'future';

/** Why a third-party (Ed25519) check failed. */
export type SignatureFailureReason = 'malformed' | 'missing_signature' | 'bad_signature' | 'stale' | 'future';

export interface CheckFailure<Reason extends string> {
  ok: false;
  reason: Reason;
  /**
   * What is wrong, in English, for logs and the CLI. Starts lower-case and has no final period,
   * so callers can embed it: `invalid: bad hash (<message>)`.
   */
  message: string;
}

export interface CheckSuccess<Data> {
  ok: true;
  data: Data;
}

export type CheckResult<Data, Reason extends string> = CheckSuccess<Data> | CheckFailure<Reason>;

export function fail<Reason extends string>(reason: Reason, message: string): CheckFailure<Reason> {
  return { ok: false, reason, message };
}

/** Tells a helper's failure apart from its value (values here never carry `ok: false` plus a `reason`). */
export function isFailure<Value, Reason extends string>(value: Value | CheckFailure<Reason>): value is CheckFailure<Reason> {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false && 'reason' in value;
}
