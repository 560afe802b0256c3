/**
 * A token bucket shared by every request of one client: Stepik documents no limit, so we keep
 * our own (third-party clients use 4 req/s, burst 8) and a sync never hammers it.
 */

export interface TokenBucketOptions {
  requestsPerSecond: number;
  /** How many requests may go at once after a quiet spell. Default 2 × requestsPerSecond. */
  burst?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

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
    this.now = options.now;
    this.sleep = options.sleep;
    this.tokens = this.capacity;
    this.updatedAt = this.now();
  }

  /** Resolves when the caller may send one request. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeOne());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeOne(): Promise<void> {
    const now = this.now();
    // The clock may stand still (tests) or run backwards (clock changes): never refill for that.
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.ratePerMs);
      this.updatedAt = now;
    }
    // Take the token now, going into debt if needed, and wait the debt off: no polling loop,
    // so a sleep that does not move the clock still yields the right total wait.
    this.tokens -= 1;
    if (this.tokens < 0) await this.sleep(Math.ceil(-this.tokens / this.ratePerMs));
  }
}
