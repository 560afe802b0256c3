/**
 * The email we register a Boomstream buyer under. Boomstream's addbuyer wants one, but a student
 * who only ever signed in through Telegram has none. They get a synthetic address on our own
 * domain, `user-<id>@<host of APP_DOMAIN>`: it is unique per student, names no third party, and
 * nothing is ever sent to it because every buyer call carries `notification=0`. A third-party
 * client registers buyers the same way (`<phone>@shift.uz`); Boomstream has not confirmed it.
 */
export function buyerEmail(
  userId: number,
  email: string | null | undefined,
  appOrigin: string,
): string {
  const own = email?.trim();
  if (own) return own;
  // hostname, not host: an email domain cannot carry the port of a dev origin.
  return `user-${userId}@${new URL(appOrigin).hostname}`;
}
