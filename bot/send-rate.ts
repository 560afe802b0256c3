/**
 * Keeps the notifier under Telegram's flood limits: about 30 messages a second overall and one a
 * second to one chat. The core's token bucket for the whole bot (20 a second, bursts of 5, so no
 * second ever holds more than 25) plus a minimum gap per chat. The clock and the sleep are
 * injectable so tests do not wait on the wall clock.
 */
import { TokenBucket } from '#api/rate/token-bucket.ts';

export interface SendRateOptions {
  ratePerSecond?: number;
  burst?: number;
  perChatIntervalInMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class SendRate {
  readonly #bucket: TokenBucket;
  readonly #perChatIntervalInMs: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #chatReadyAt = new Map<number, number>();
  #queue: Promise<void> = Promise.resolve();

  constructor({
    ratePerSecond = 20,
    burst = 5,
    perChatIntervalInMs = 1000,
    now = Date.now,
    sleep = realSleep,
  }: SendRateOptions = {}) {
    if (!(ratePerSecond > 0) || !(burst >= 1))
      throw new RangeError('ratePerSecond must be above 0 and burst at least 1');
    this.#bucket = new TokenBucket({ requestsPerSecond: ratePerSecond, burst, now, sleep });
    this.#perChatIntervalInMs = perChatIntervalInMs;
    this.#now = now;
    this.#sleep = sleep;
  }

  /** Resolves when one more message to `chatId` may go; callers are served in order. */
  take(chatId: number): Promise<void> {
    const turn = this.#queue.then(() => this.#wait(chatId));
    this.#queue = turn.catch(() => {});
    return turn;
  }

  async #wait(chatId: number): Promise<void> {
    for (;;) {
      const now = this.#now();
      const chatWait = Math.max(0, (this.#chatReadyAt.get(chatId) ?? 0) - now);
      const tokenWait = this.#bucket.waitInMs(now);
      if (chatWait === 0 && tokenWait === 0) {
        this.#bucket.takeNow(now);
        this.#chatReadyAt.set(chatId, now + this.#perChatIntervalInMs);
        this.#forgetIdleChats(now);
        return;
      }
      await this.#sleep(Math.max(chatWait, tokenWait));
    }
  }

  /** The per-chat map only needs chats still inside their gap. */
  #forgetIdleChats(now: number): void {
    if (this.#chatReadyAt.size < 1000) return;
    for (const [chat, readyAt] of this.#chatReadyAt)
      if (readyAt <= now) this.#chatReadyAt.delete(chat);
  }
}
