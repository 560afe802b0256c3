/**
 * `bot run` (what `npm run bot` starts): the Telegram bot worker — long polling and the unlock
 * notifier; `bot set-webhook` / `bot delete-webhook`: switch the bot's updates to the web
 * service's webhook and back.
 */
import { Api } from 'grammy';
import { getConfig } from '#api/config.ts';
import { BotStartError, requireBotToken } from '#bot/from-config.ts';
import { DEFAULT_NOTIFY_INTERVAL_IN_MS, runBotWorkerUntilSignalled } from '#bot/main.ts';
import { CliError, integerOption, stringOption, type Command } from '../command.ts';

/** Where the web service takes updates (the site's endpoint). */
export const WEBHOOK_PATH = '/api/telegram/webhook';

function botApi(): Api {
  const config = getConfig();
  try {
    return new Api(requireBotToken(config), { apiRoot: config.telegram.apiRoot });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

async function telegram<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new CliError(`${what} failed: ${(error as Error).message.split('\n')[0]}`);
  }
}

export const botRunCommand: Command = {
  name: 'bot run',
  summary: 'Run the Telegram bot worker: long polling and the unlock messages (npm run bot)',
  usage: '[--interval S]',
  help: `
Starts the bot with the token APP_ENV picks (TELEGRAM_BOT_TOKEN_DEV or _PROD) against
TELEGRAM_API_ROOT: checks the token (getMe), sets the command list and the menu button
("Курс", a Mini App on APP_DOMAIN when it is https), then takes updates by long polling and
sends the queued unlock messages. With TELEGRAM_WEBHOOK_SECRET set the web service takes the
updates by webhook, and this worker only sends the unlock messages. Stops cleanly on Ctrl+C
or SIGTERM.

Options:
  --interval S   how often to look for unlock messages to send, in seconds (default ${DEFAULT_NOTIFY_INTERVAL_IN_MS / 1000})`,
  options: { interval: { type: 'string' } },
  async run(input) {
    const seconds = integerOption(input, 'interval', { min: 1 });
    try {
      await runBotWorkerUntilSignalled({
        notifyIntervalInMs: seconds === undefined ? undefined : seconds * 1000,
      });
    } catch (error) {
      if (error instanceof BotStartError) throw new CliError(error.message);
      throw error;
    }
  },
};

export const botSetWebhookCommand: Command = {
  name: 'bot set-webhook',
  summary: "Send the bot's updates to the web service (webhook with the secret token)",
  usage: '[--url U] [--drop-pending]',
  help: `
Calls setWebhook with TELEGRAM_WEBHOOK_SECRET as the secret token, which Telegram then sends in
the X-Telegram-Bot-Api-Secret-Token header; the web service refuses updates without it. The
worker (bot run) stops long polling while TELEGRAM_WEBHOOK_SECRET is set.

Options:
  --url U          the endpoint (default: APP_DOMAIN + ${WEBHOOK_PATH}); Telegram requires https
  --drop-pending   drop the updates waiting at Telegram`,
  options: { url: { type: 'string' }, 'drop-pending': { type: 'boolean' } },
  async run(input, io) {
    const config = getConfig();
    const secret = config.telegram.webhookSecret;
    if (!secret)
      throw new CliError(
        "TELEGRAM_WEBHOOK_SECRET is not set: the web service would have no way to tell Telegram's requests apart",
      );
    const url = stringOption(input, 'url') ?? `${config.appOrigin}${WEBHOOK_PATH}`;
    if (!url.startsWith('https://'))
      throw new CliError(
        `Telegram sends webhooks only to https URLs, got ${url} (set APP_DOMAIN or pass --url)`,
      );
    const api = botApi();
    await telegram('setWebhook', () =>
      api.setWebhook(url, {
        secret_token: secret,
        drop_pending_updates: input.values['drop-pending'] === true,
      }),
    );
    const info = await telegram('getWebhookInfo', () => api.getWebhookInfo());
    io.out(`Webhook set: ${info.url || url}`);
    io.out(
      `Pending updates: ${info.pending_update_count}${info.last_error_message ? `; last error: ${info.last_error_message}` : ''}`,
    );
  },
};

export const botDeleteWebhookCommand: Command = {
  name: 'bot delete-webhook',
  summary: "Stop sending the bot's updates to the webhook (back to long polling)",
  usage: '[--drop-pending]',
  help: `
Calls deleteWebhook, so the worker (bot run, without TELEGRAM_WEBHOOK_SECRET) can take the
updates by long polling again.

Options:
  --drop-pending   drop the updates waiting at Telegram`,
  options: { 'drop-pending': { type: 'boolean' } },
  async run(input, io) {
    const api = botApi();
    await telegram('deleteWebhook', () =>
      api.deleteWebhook({ drop_pending_updates: input.values['drop-pending'] === true }),
    );
    io.out('Webhook deleted: the bot worker takes updates by long polling.');
  },
};
