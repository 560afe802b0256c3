/**
 * Transformers on every Bot API call the bot makes (handlers and notifier alike):
 * - a 403 "bot was blocked by the user" on a message to a chat marks that user blocked;
 * - auto-retry honours 429 retry_after (and retries 5xx) a bounded number of times. Network
 *   errors are rethrown rather than retried: the plugin retries those without any bound, and a
 *   request that timed out may already have been delivered — the notifier's outbox decides.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import type { Api, RawApi } from 'grammy';
import type { Database } from '#api/db/client.ts';
import { describeError } from '#api/log/safe-error.ts';
import { markBlocked } from '#api/notify/blocked-users.ts';
import { isBlockedDescription } from './delivery-errors.ts';

/** Long enough for Telegram's usual flood waits; anything longer fails the call to the caller. */
export const RETRY_LIMITS = { maxRetryAttempts: 3, maxDelaySeconds: 30 } as const;

const MESSAGE_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'copyMessage',
  'forwardMessage',
]);

export function configureApi(
  api: Api<RawApi>,
  database: Database,
  log: (line: string) => void = console.error,
): void {
  api.config.use(async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    const chatId = (payload as { chat_id?: unknown }).chat_id;
    if (
      !result.ok &&
      MESSAGE_METHODS.has(method) &&
      typeof chatId === 'number' &&
      chatId > 0 &&
      isBlockedDescription(result.error_code, result.description)
    ) {
      await markBlocked(database, chatId).catch((error: unknown) =>
        log(`bot: could not mark ${chatId} blocked: ${describeError(error)}`),
      );
    }
    return result;
  });
  api.config.use(autoRetry({ ...RETRY_LIMITS, rethrowHttpErrors: true }));
}
