/**
 * The links a signed-in student is handed to link another door: Stepik through an external
 * browser (from the Mini App or the bot), Telegram through the bot's deep link
 * `t.me/<bot>?start=link_<token>` (payload 37 characters of [a-z2-7_]).
 */
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { HTTP } from '../http.ts';
import { ru } from '../i18n/ru.ts';
import { createLinkToken } from './link-tokens.ts';
import { isProviderConfigured } from './oauth.ts';
import { stepikLinkUrl } from './stepik-link.ts';
import type { UserRow } from './users.ts';

export const TELEGRAM_LINK_PREFIX = 'link_';

export function telegramStartUrl(botUsername: string, token: string): string {
  return `https://t.me/${botUsername.replace(/^@/, '')}?start=${TELEGRAM_LINK_PREFIX}${token}`;
}

export type InviteAnswer = { status: number; body: Record<string, unknown> };

/** The answer of POST /api/link/:kind — `{url, expiresAt}` or a 4xx naming what is missing. */
export async function issueLinkInvite(
  database: Database,
  config: Config,
  user: UserRow,
  kind: string,
): Promise<InviteAnswer> {
  if (kind === 'stepik') {
    if (!isProviderConfigured(config, 'stepik'))
      return {
        status: HTTP.notFound,
        body: { error: 'stepik_not_configured', message: ru.auth.oauth.notConfigured },
      };
    if (user.stepikUserId !== null)
      return {
        status: HTTP.conflict,
        body: { error: 'already_linked', message: ru.linking.alreadyLinked },
      };
    const issued = await createLinkToken(database, user.id, 'stepik_link');
    return {
      status: HTTP.ok,
      body: {
        url: stepikLinkUrl(config.appOrigin, issued.token),
        expiresAt: issued.expiresAt.toISOString(),
      },
    };
  }
  if (kind === 'telegram') {
    const bot = config.telegram.botUsername;
    if (!bot)
      return {
        status: HTTP.notFound,
        body: { error: 'telegram_not_configured', message: ru.linking.telegram.notConfigured },
      };
    if (user.telegramId !== null)
      return {
        status: HTTP.conflict,
        body: { error: 'already_linked', message: ru.linking.telegram.alreadyLinked },
      };
    const issued = await createLinkToken(database, user.id, 'telegram_link');
    return {
      status: HTTP.ok,
      body: { url: telegramStartUrl(bot, issued.token), expiresAt: issued.expiresAt.toISOString() },
    };
  }
  return {
    status: HTTP.notFound,
    body: { error: 'unknown_link_kind', message: ru.linking.api.unknownKind },
  };
}
