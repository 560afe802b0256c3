/**
 * A token bucket: `requestsPerSecond` tokens a second, at most `burst` of them saved up. The one
 * limiter behind both self-imposed rates: the Stepik client's requests (Stepik documents no
 * limit, so we keep our own: api/stepik/client.ts) and the bot's messages under Telegram's flood
 * limits (bot/send-rate.ts, which adds a gap per chat). The clock and the sleep are injectable,
 * so tests never wait on the wall clock.
 */

export interface TokenBucketOptions {
  requestsPerSecond: number;
  /** How many may go at once after a quiet spell. Default 2 × requestsPerSecond. */
  burst?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class TokenBucket {
  private readonly ratePerMs: number;
  private readonly capacity: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private tokens: number;
  private updatedAt: number;
  /** Callers queue here so each one's wait is computed after the previous caller took its token. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: TokenBucketOptions) {
    if (!(options.requestsPerSecond > 0)) throw new RangeError('requestsPerSecond must be above 0');
    this.ratePerMs = options.requestsPerSecond / 1000;
    this.capacity = Math.max(1, options.burst ?? Math.floor(options.requestsPerSecond * 2));
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.tokens = this.capacity;
    this.updatedAt = this.now();
  }

  /** Resolves when the caller may send one request; callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeOne());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Milliseconds until a whole token is there (0: one is), taking nothing. */
  waitInMs(now: number = this.now()): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.ratePerMs);
  }

  /**
   * Takes one token at `now`, going into debt when none is there, and returns how long the debt
   * takes to pay off (0 when a token was there). For a caller that queues its users itself.
   */
  takeNow(now: number = this.now()): number {
    this.refill(now);
    this.tokens -= 1;
    return this.tokens < 0 ? Math.ceil(-this.tokens / this.ratePerMs) : 0;
  }

  private async takeOne(): Promise<void> {
    // Take the token now, going into debt if needed, and wait the debt off: no polling loop,
    // so a sleep that does not move the clock still yields the right total wait.
    const debtInMs = this.takeNow();
    if (debtInMs > 0) await this.sleep(debtInMs);
  }

  private refill(now: number): void {
    // The clock may stand still (tests) or run backwards (clock changes): never refill for that.
    if (now <= this.updatedAt) return;
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.ratePerMs);
    this.updatedAt = now;
  }
}
