/**
 * The "Привязать Stepik" link for a student the bot knows who has not linked Stepik: a fresh
 * one-time link (10 minutes; api/auth/link-tokens.ts) opened in the browser, where Stepik's
 * sign-in works. A link rather than a `login_url` button: the same flow as the Mini App, no
 * BotFather /setdomain needed, and it names the student by the token, not by the browser.
 * None for a loopback origin, whose URLs Telegram refuses in buttons.
 */
import { createLinkToken } from '#api/auth/link-tokens.ts';
import { stepikLinkUrl } from '#api/auth/stepik-link.ts';
import { appLinkKind } from './app-links.ts';
import type { BotContext } from './context.ts';

export async function stepikLinkFor(ctx: BotContext): Promise<string | undefined> {
  const { student, services } = ctx;
  if (!student || student.stepikUserId !== null || appLinkKind(services.appOrigin) === 'none')
    return undefined;
  const { token } = await createLinkToken(services.database, student.id, 'stepik_link');
  return stepikLinkUrl(services.appOrigin, token);
}
