/**
 * GramJS's Api.User → GroupMember, kept apart from the network code so it can be tested with
 * plain objects shaped like Api.User. GramJS gives ids as BigInteger objects and phones as
 * digits without the plus; collectible usernames sit in `usernames` rather than `username`.
 */
import { TelegramGroupError } from './errors.ts';
import type { GroupMember } from './group-member.ts';
import { parseTelegramId } from './identifiers.ts';

/** The Api.User fields we read (Api.UserEmpty has only id and className). */
export interface GramUserLike {
  className?: string;
  id?: unknown;
  firstName?: string | null;
  lastName?: string | null;
  username?: string | null;
  usernames?: readonly { username?: string; active?: boolean }[] | null;
  phone?: string | null;
  bot?: boolean | null;
  deleted?: boolean | null;
}

export function gramUserToMember(user: GramUserLike): GroupMember {
  const id = parseTelegramId(user.id);
  if (!id.ok)
    throw new TelegramGroupError(
      `Telegram returned a member whose id ${id.reason}; nothing was imported`,
    );
  const member: GroupMember = { telegramId: id.id, firstName: user.firstName?.trim() ?? '' };
  if (user.lastName?.trim()) member.lastName = user.lastName.trim();
  const username =
    user.username || user.usernames?.find((u) => u.active !== false && u.username)?.username;
  if (username) member.username = username;
  // Telegram phones are international digits; the plus keeps them from being read as Russian 8-prefixed numbers.
  if (user.phone) member.phone = `+${user.phone.replace(/^\+/, '')}`;
  if (user.bot) member.isBot = true;
  if (user.deleted || user.className === 'UserEmpty') member.deleted = true;
  return member;
}
