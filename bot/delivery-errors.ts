/**
 * What a failed sendMessage means for an outbox row: never deliverable (blocked, no chat with
 * the bot), wait and retry without counting it (a flood wait auto-retry did not absorb), or a
 * failure that counts towards giving up (5xx, network, anything unexpected).
 */
import { GrammyError, HttpError } from 'grammy';

export type DeliveryFailure =
  | { kind: 'blocked'; reason: string }
  | { kind: 'undeliverable'; reason: string }
  | { kind: 'rate_limited'; retryAfterInSeconds: number; reason: string }
  | { kind: 'failed'; reason: string };

/** Chats the bot can never write to: the user never opened it, or the account is gone. */
const NO_CHAT = /chat not found|user not found|PEER_ID_INVALID|bot can't initiate conversation/i;

/** Telegram's 403 for a chat that will not take our messages because the user blocked the bot. */
export function isBlockedDescription(errorCode: number, description: string): boolean {
  return errorCode === 403 && /blocked by the user|user is deactivated/i.test(description);
}

export function classifySendError(error: unknown): DeliveryFailure {
  if (error instanceof GrammyError) {
    const reason = `${error.error_code}: ${error.description}`;
    if (isBlockedDescription(error.error_code, error.description))
      return { kind: 'blocked', reason };
    if ((error.error_code === 400 || error.error_code === 403) && NO_CHAT.test(error.description))
      return { kind: 'undeliverable', reason };
    if (error.error_code === 429)
      return {
        kind: 'rate_limited',
        retryAfterInSeconds: error.parameters.retry_after ?? 30,
        reason,
      };
    return { kind: 'failed', reason };
  }
  if (error instanceof HttpError) return { kind: 'failed', reason: `network: ${error.message}` };
  return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
}
