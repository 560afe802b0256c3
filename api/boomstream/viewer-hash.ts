/**
 * The per-student per-video Boomstream buyer hash (`hash` in ppv/addbuyer, `id_recovery` in the
 * player URL). The vendor's Moodle filter uses the guessable `<host>|<user id>|<code>`; anyone
 * who knows a user id could play as that user. Ours is an HMAC keyed by APP_SECRET, so it can
 * neither be guessed nor derived without the secret, yet it is deterministic: the same student
 * and video always give the same buyer, so concurrent first views or a lost row never create a
 * second buyer.
 *
 * Format: 32 lower-case hex characters (the first 128 bits of HMAC-SHA256).
 * - 128 bits is far beyond guessing; longer buys nothing.
 * - 32 characters is within what Boomstream demonstrably accepts (the vendor filter sends
 *   `host|id|code`, typically 30–60 characters) and is the length of an MD5 hex digest, a
 *   common column width; the maximum Boomstream accepts is undocumented.
 * - Hex survives any case folding, URL encoding or form parsing on the vendor's side; base64url
 *   would break if Boomstream ever compared hashes case-insensitively.
 */
import { createHmac } from 'node:crypto';
import { assertMediaCode } from './media-code.ts';

/** Domain separation: the same APP_SECRET keys other HMACs, which must never collide with this. */
const PURPOSE = 'course-site/boomstream-viewer-hash/v1';
export const VIEWER_HASH_LENGTH = 32;

export function viewerHash(appSecret: string, userId: number, mediaCode: string): string {
  if (!appSecret) throw new TypeError('viewerHash needs the app secret');
  if (!Number.isSafeInteger(userId) || userId <= 0)
    throw new TypeError('viewerHash needs a positive integer user id');
  assertMediaCode(mediaCode);
  // NUL separators: neither part can contain one, so (1, "2…") and (12, "…") never share a message.
  const message = `${PURPOSE}\0${userId}\0${mediaCode}`;
  return createHmac('sha256', appSecret)
    .update(message, 'utf8')
    .digest('hex')
    .slice(0, VIEWER_HASH_LENGTH);
}
