/**
 * Who is this: on every update from a private chat, the account whose telegram_id is the
 * sender's (ctx.student, null for a stranger), the Telegram profile recorded in telegram_users
 * (with the account when known; an existing link is never wiped), and a "blocked" mark cleared —
 * they are talking to the bot again. A my_chat_member update reporting the block sets it.
 */
import type { Middleware } from 'grammy';
import type { User } from 'grammy/types';
import { recordTelegramProfile, type TelegramProfile } from '#api/auth/telegram-sign-in.ts';
import { findUserByIdentity } from '#api/auth/users.ts';
import { clearBlocked, markBlocked } from '#api/notify/blocked-users.ts';
import type { BotContext } from './context.ts';

function profileOf(from: User): TelegramProfile {
  return {
    id: from.id,
    first_name: from.first_name,
    last_name: from.last_name,
    username: from.username,
    language_code: from.language_code,
  };
}

export function identifyStudent(): Middleware<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    if (!from || from.is_bot || ctx.chat?.type !== 'private') return next();
    const { database } = ctx.services;
    const user = await findUserByIdentity(database, 'telegram', from.id);
    ctx.student = user ?? null;
    await recordTelegramProfile(database, profileOf(from), user?.id ?? null);
    const status = ctx.myChatMember?.new_chat_member.status;
    if (status === 'kicked') await markBlocked(database, from.id);
    else await clearBlocked(database, from.id);
    await next();
  };
}
