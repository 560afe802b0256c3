import { createHash } from 'node:crypto';

/**
 * Boomstream media codes: 8 ASCII letters or digits, case-sensitive (e.g. `Am0TlUow`). The
 * vendor's own Moodle filter rejects anything else, and so do we: a code ends up in URLs and
 * API calls, so a malformed one is a bug to surface, not to pass on.
 */
export const MEDIA_CODE_PATTERN = /^[A-Za-z0-9]{8}$/;

export function isMediaCode(value: unknown): value is string {
  return typeof value === 'string' && MEDIA_CODE_PATTERN.test(value);
}

export function assertMediaCode(value: unknown): asserts value is string {
  if (!isMediaCode(value))
    throw new TypeError('a Boomstream media code must be 8 letters or digits');
}

/** PPV subscription codes are letters and digits as well (config checks 4–16 of them). */
export function assertSubscriptionCode(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9]{1,32}$/.test(value))
    throw new TypeError('a Boomstream subscription code must be letters and digits');
}

/**
 * How a log line names a video: a short digest, never the code itself (a code plays the video
 * wherever Boomstream's domain protection is off). Enough to tell two videos apart in a log and
 * to find the code again from the course, not to recover it from the line alone.
 */
export function mediaLogRef(code: string): string {
  return `media#${createHash('sha256').update(code).digest('hex').slice(0, 6)}`;
}
