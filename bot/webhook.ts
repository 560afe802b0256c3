/**
 * Webhook mode, for the web service (an Astro endpoint at /api/telegram/webhook calls the
 * handler): Telegram POSTs each update with the secret given to setWebhook in the
 * X-Telegram-Bot-Api-Secret-Token header; anything without the right one gets 401 before the
 * bot sees it. Long work (the notifier) stays in the worker, so replies fit Telegram's timeout.
 */
import { timingSafeEqual } from 'node:crypto';
import { webhookCallback, type Bot } from 'grammy';
import { getConfig, type Config } from '#api/config.ts';
import { getCourseContent } from '#api/course/instance.ts';
import { getDatabase } from '#api/db/instance.ts';
import { describeError } from '#api/log/safe-error.ts';
import type { BotContext } from './context.ts';
import { BotStartError, createBotFromConfig } from './from-config.ts';

export const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

export interface WebhookHandlerDeps {
  bot: Bot<BotContext>;
  secretToken: string;
  log?: (line: string) => void;
}

function sameSecret(received: string | null, expected: string): boolean {
  if (received === null) return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createWebhookHandler({
  bot,
  secretToken,
  log = console.error,
}: WebhookHandlerDeps): (request: Request) => Promise<Response> {
  if (!secretToken)
    throw new Error('createWebhookHandler needs the secret token given to setWebhook');
  // onTimeout 'return': a slow update still gets its 200, so Telegram does not deliver it again
  // on top of the one still being handled.
  const handle = webhookCallback(bot, 'std/http', {
    secretToken,
    onTimeout: 'return',
    timeoutMilliseconds: 9_000,
  });
  return async (request) => {
    if (request.method !== 'POST')
      return new Response('method not allowed', { status: 405, headers: { Allow: 'POST' } });
    if (!sameSecret(request.headers.get(SECRET_HEADER), secretToken))
      return new Response('secret token is wrong', { status: 401 });
    try {
      return await handle(request);
    } catch (error) {
      // Only a body that is not an update gets here: the bot's own errors end in its boundary.
      log(`bot webhook: bad request: ${describeError(error)}`);
      return new Response('bad update', { status: 400 });
    }
  };
}

/** For the web service: the handler on the process's own database and course. */
export function createWebhookHandlerFromConfig(
  config: Config = getConfig(),
): (request: Request) => Promise<Response> {
  const secretToken = config.telegram.webhookSecret;
  if (!secretToken)
    throw new BotStartError('TELEGRAM_WEBHOOK_SECRET is not set: the webhook is off');
  return createWebhookHandler({
    bot: createBotFromConfig(config, getDatabase(), getCourseContent()),
    secretToken,
  });
}
