/**
 * Switches a test throws to make the fake fail like Telegram does: the next N calls of a method
 * (optionally only to one chat) answer with a given failure, or a chat has blocked the bot.
 */
import { BLOCKED, TOO_MANY_REQUESTS, type ApiFailure } from './replies.ts';

interface Fault {
  method: string;
  chatId?: number;
  /** Calls left to fail; Infinity until removed. */
  remaining: number;
  reply: ApiFailure;
}

export class FaultSwitches {
  #faults: Fault[] = [];

  /** The next `times` calls of `method` (to `chatId`, if given) fail with `reply`. */
  failNext(method: string, times: number, reply: ApiFailure, chatId?: number): void {
    this.#faults.push({ method, chatId, remaining: times, reply });
  }

  /** The next `times` calls answer 429 with retry_after. */
  rateLimit(method: string, times = 1, retryAfterInSeconds = 1): void {
    this.failNext(method, times, TOO_MANY_REQUESTS(retryAfterInSeconds));
  }

  /** Every message to the chat answers 403 "bot was blocked by the user" until unblocked. */
  block(chatId: number): void {
    for (const method of ['sendMessage', 'editMessageText', 'editMessageReplyMarkup'])
      this.failNext(method, Infinity, BLOCKED, chatId);
  }

  unblock(chatId: number): void {
    this.#faults = this.#faults.filter((f) => !(f.chatId === chatId && f.reply === BLOCKED));
  }

  /** The failure this call gets, if a switch applies (and uses one of its calls up). */
  take(method: string, payload: Record<string, unknown>): ApiFailure | undefined {
    const chatId = Number(payload.chat_id);
    const fault = this.#faults.find(
      (f) =>
        f.method === method && f.remaining > 0 && (f.chatId === undefined || f.chatId === chatId),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    return fault.reply;
  }
}
