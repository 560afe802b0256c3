import type { Config } from '../config.ts';
import type { UserRow } from '../auth/users.ts';

/** Staff are listed in the settings (STAFF_EMAILS, STAFF_TELEGRAM_IDS), not in the database. */
export function isStaff(
  user: Pick<UserRow, 'email' | 'telegramId'> | null,
  config: Pick<Config, 'staff'>,
): boolean {
  if (!user) return false;
  return Boolean(
    (user.email && config.staff.emails.includes(user.email)) ||
    (user.telegramId !== null && config.staff.telegramIds.includes(user.telegramId)),
  );
}
