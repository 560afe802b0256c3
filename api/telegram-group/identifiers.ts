/**
 * Telegram ids, phone numbers and usernames as they arrive from files, Boomstream exports and
 * the API, reduced to one comparable form each. Phones and usernames are how a group member is
 * matched to a student, so the reduction must never make two different people look alike.
 */

const MAX_ID = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A positive Telegram user id from a number, a digit string or a BigInteger-like object (GramJS),
 * or the reason it is none. Ids above 2^53 would lose digits as JS numbers (and in our bigint
 * columns read as numbers), so they are refused rather than rounded onto someone else's id.
 */
export function parseTelegramId(
  value: unknown,
): { ok: true; id: number } | { ok: false; reason: string } {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isInteger(value))
      return { ok: false, reason: `must be a whole number, got ${value}` };
    text = String(value);
  } else if (typeof value === 'bigint') text = value.toString();
  else if (typeof value === 'string') text = value.trim();
  else if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toString?: unknown }).toString === 'function'
  )
    text = String(value);
  else return { ok: false, reason: 'is missing' };
  if (text === '') return { ok: false, reason: 'is missing' };
  if (!/^\d+$/.test(text) || BigInt(text) === 0n)
    return {
      ok: false,
      reason: `must be a Telegram user id (a positive whole number), got "${text}"`,
    };
  if (BigInt(text) > MAX_ID)
    return { ok: false, reason: `${text} is larger than 2^53 − 1 and cannot be stored exactly` };
  return { ok: true, id: Number(text) };
}

/**
 * `+7 (916) 123-45-67`, `8 916 123 45 67`, `79161234567`, `00 7 916…` → `79161234567`: digits
 * with the country code. Only the Russian trunk prefix is rewritten, and only in numbers
 * written without `+`/`00` (11 digits starting with 8 → 7): a `+84…` (Vietnam) number also has
 * 11 digits starting with 8. Other national forms cannot be told apart from foreign numbers,
 * so they are left as they are and simply will not match. Null when it is no phone number.
 */
export function normalizePhone(value: string): string | null {
  const trimmed = value.trim();
  if (/[^\d\s()+\-.]/.test(trimmed)) return null;
  let digits = trimmed.replace(/\D/g, '');
  const international = trimmed.startsWith('+') || digits.startsWith('00');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (!international && digits.length === 11 && digits.startsWith('8'))
    digits = `7${digits.slice(1)}`;
  // E.164 numbers have at most 15 digits; fewer than 8 is no full international number.
  return digits.length >= 8 && digits.length <= 15 ? digits : null;
}

/** What we store in telegram_users.phone: E.164 with the plus. */
export function formatPhone(normalized: string): string {
  return `+${normalized}`;
}

const USERNAME = /^[A-Za-z][A-Za-z0-9_]{2,31}$/;

/** `@Anna_Petrova`, `https://t.me/Anna_Petrova` → `Anna_Petrova` (case kept); null if invalid. */
export function cleanUsername(value: string): string | null {
  const bare = value
    .trim()
    .replace(/^(?:https?:\/\/)?(?:t\.me|telegram\.me)\//i, '')
    .replace(/^@/, '');
  return USERNAME.test(bare) ? bare : null;
}

/** Usernames are case-insensitive in Telegram: compare them lower-cased. */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}
