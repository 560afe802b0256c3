import type { RouteHandler } from '#server/route-context.ts';
import { createWebhookHandlerFromConfig } from '#bot/webhook.ts';
import { getConfig } from '#api/config.ts';
import { HTTP, jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';

// The only place the site imports bot/: in webhook mode (TELEGRAM_WEBHOOK_SECRET set) the web
// service receives the bot's updates instead of the worker polling for them.
let handler: ((request: Request) => Promise<Response>) | undefined;

export const POST: RouteHandler = async ({ request }) => {
  if (!getConfig().telegram.webhookSecret)
    return jsonError(HTTP.notFound, 'not_found', ru.api.webhookOff);
  handler ??= createWebhookHandlerFromConfig();
  return handler(request);
};
