/**
 * `/start link_<token>` in the bot: the one-time telegram_link token made on the site
 * (api/auth/link-invites.ts) names the student; the Telegram account comes from the update
 * itself, which only Telegram can send to our bot. The token is spent first, so it links once.
 */
import type { Database } from '../db/client.ts';
import { consumeLinkToken, type LinkTokenProblem } from './link-tokens.ts';
import { recordTelegramProfile, type TelegramProfile } from './telegram-sign-in.ts';
import { signInOrLink, type UserRow } from './users.ts';

export type TelegramLinkResult =
  | { ok: true; user: UserRow }
  | { ok: false; problem: LinkTokenProblem }
  | {
      ok: false;
      problem: 'identity_taken' | 'already_linked' | 'malformed_profile';
      message: string;
    };

export async function linkTelegramByToken(
  database: Database,
  token: string,
  profile: TelegramProfile,
): Promise<TelegramLinkResult> {
  const spent = await consumeLinkToken(database, token, 'telegram_link');
  if (!spent.ok) return spent;
  const result = await signInOrLink(
    database,
    {
      kind: 'telegram',
      value: profile.id,
      firstName: profile.first_name,
      lastName: profile.last_name,
    },
    spent.userId,
  );
  if (!result.ok) return { ok: false, problem: result.error, message: result.message };
  await recordTelegramProfile(database, profile, result.user.id);
  return { ok: true, user: result.user };
}
