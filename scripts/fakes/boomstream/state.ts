/**
 * The fake Boomstream's memory: PPV subscriptions, buyers per (subscription, hash), every call
 * received, and fault switches. Tests read and change it directly to play a scenario.
 */
import { randomInt } from 'node:crypto';

export interface FakeSubscription {
  code: string;
  /** What ppv/info reports as Activation (recovery-code activations a buyer gets). */
  activation: number;
  /** What ppv/info reports as Period (days), or null. */
  periodInDays: number | null;
  /** What ppv/info reports as AccessExpirationDate (`YYYY-MM-DD HH:mm:ss`, Moscow), or null. */
  accessExpire: string | null;
}

export interface FakeBuyer {
  subscription: string;
  hash: string;
  email: string;
  media: string[];
  /** `YYYY-MM-DD HH:mm:ss` in Moscow as Boomstream keeps it, or null for no end. */
  accessExpire: string | null;
  /** Reported as `Recovery`; the vendor filter reads 0 as "not activated yet". */
  activation: number;
}

export interface FakeCall {
  /** `addbuyer`, `info`, `updatebuyer`, `deletebuyer`, … (lower-cased) */
  method: string;
  httpMethod: string;
  path: string;
  /** Every parameter as received, `apikey` included: tests assert exactly what was sent. */
  params: Record<string, string>;
  /** The fault this request met, if any. */
  fault?: FakeFault['kind'];
}

export type FakeFault =
  /** An HTTP error status with a non-JSON body (a proxy's error page). */
  | { kind: 'status'; status: number; body?: string }
  /** Boomstream's error JSON; `{uri}` in the message is replaced by the request URI (key included). */
  | { kind: 'failed'; message: string; status?: number }
  /** A 200 whose body is not JSON. */
  | { kind: 'invalid'; body: string }
  /** The connection is closed without an answer. */
  | { kind: 'drop' }
  /** The answer comes after `ms` (then normally). */
  | { kind: 'delay'; ms: number };

export class FakeBoomstreamState {
  readonly apiKey: string;
  readonly subscriptions = new Map<string, FakeSubscription>();
  readonly buyers = new Map<string, FakeBuyer>();
  readonly calls: FakeCall[] = [];
  /** Queued faults, each used once by the first request it matches (any method, or `method`). */
  readonly faults: { fault: FakeFault; method?: string }[] = [];
  /** Added to every answer. */
  latencyInMs = 0;
  /** `Recovery` of a new buyer: 0 makes clients run the vendor's info + updatebuyer activation step. */
  newBuyerActivation = 0;

  constructor({ apiKey, subscription }: { apiKey: string; subscription: string }) {
    this.apiKey = apiKey;
    this.addSubscription({ code: subscription });
  }

  addSubscription(settings: Partial<FakeSubscription> & { code: string }): FakeSubscription {
    const subscription: FakeSubscription = {
      activation: 5,
      periodInDays: 365,
      accessExpire: null,
      ...settings,
    };
    this.subscriptions.set(subscription.code, subscription);
    return subscription;
  }

  /** The next `count` requests (to `method` only, if given) meet `fault`, after any already queued. */
  failNext(count: number, fault: FakeFault, { method }: { method?: string } = {}): void {
    for (let i = 0; i < count; i++) this.faults.push({ fault, method: method?.toLowerCase() });
  }

  /** Takes the first queued fault that applies to a request for `method`. */
  takeFault(method: string): FakeFault | undefined {
    const index = this.faults.findIndex(
      (entry) => entry.method === undefined || entry.method === method,
    );
    return index < 0 ? undefined : this.faults.splice(index, 1)[0]!.fault;
  }

  buyer(subscription: string, hash: string): FakeBuyer | undefined {
    return this.buyers.get(`${subscription}\0${hash}`);
  }

  putBuyer(buyer: FakeBuyer): void {
    this.buyers.set(`${buyer.subscription}\0${buyer.hash}`, buyer);
  }

  deleteBuyer(subscription: string, hash: string): boolean {
    return this.buyers.delete(`${subscription}\0${hash}`);
  }

  /** What Boomstream does when addbuyer comes without a hash: it makes one up (9 digits). */
  generateHash(): string {
    return String(randomInt(100_000_000, 1_000_000_000));
  }

  callsTo(method: string): FakeCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  reset(): void {
    this.buyers.clear();
    this.calls.length = 0;
    this.faults.length = 0;
    this.latencyInMs = 0;
  }
}
