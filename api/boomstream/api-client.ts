/**
 * The PPV buyer calls we need (boomstream.md §3), as the vendor's own code makes them: GET with
 * query parameters. `notification=0` goes with every buyer call that names an email, so
 * Boomstream never mails a student a link or code of its own.
 */
import { assertMediaCode, assertSubscriptionCode } from './media-code.ts';
import { BoomstreamApiError } from './api-error.ts';
import {
  parseAddBuyer,
  parseBuyerInfo,
  type AddBuyerResult,
  type BuyerInfoResult,
} from './api-responses.ts';
import { callPpv, type PpvTransport } from './api-request.ts';
import { formatMoscowTime } from './moscow-time.ts';

export type { AddBuyerResult, BuyerInfoResult } from './api-responses.ts';

export interface BoomstreamApiOptions {
  /** e.g. `https://boomstream.com/api` or `https://play.boomstream.com/api` (the vendor filter's choice). */
  apiUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  /** Per attempt. The vendor filter allows 10 s; the video gate waits on this, so less. */
  timeoutInMs?: number;
  /** Pause before the one retry. */
  retryDelayInMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface BuyerRef {
  /** The PPV subscription code (sent as `code`). */
  subscription: string;
  /** Our buyer hash (the player's `id_recovery`). */
  hash: string;
}

export interface BuyerInput extends BuyerRef {
  media: string;
  email: string;
}

export interface AddBuyerInput extends BuyerInput {
  /** Sent as `access_expire` in Moscow time; omitted = the subscription's own validity. */
  accessExpire?: Date;
}

export interface UpdateBuyerInput extends BuyerInput {
  accessExpire?: Date;
  /** How many recovery-code activations to allow (the vendor filter copies the subscription's). */
  activation?: number;
}

export interface BoomstreamApi {
  addBuyer(input: AddBuyerInput): Promise<AddBuyerResult>;
  /**
   * `ppv/info` with the buyer's parameters. Undocumented; the vendor filter calls it to read the
   * subscription's Activation / AccessExpirationDate / Period before an updatebuyer.
   */
  buyerInfo(input: BuyerInput): Promise<BuyerInfoResult>;
  updateBuyer(input: UpdateBuyerInput): Promise<void>;
  deleteBuyer(input: BuyerRef): Promise<void>;
}

const DEFAULT_TIMEOUT_IN_MS = 5_000;
const DEFAULT_RETRY_DELAY_IN_MS = 250;

function checkBuyer(input: BuyerRef): void {
  assertSubscriptionCode(input.subscription);
  if (!input.hash) throw new TypeError('a Boomstream buyer needs a hash');
}

function checkBuyerInput(input: BuyerInput): void {
  checkBuyer(input);
  assertMediaCode(input.media);
  if (!input.email.includes('@')) throw new TypeError('a Boomstream buyer needs an email address');
}

/** addbuyer's parameters, in the order the vendor filter sends them. */
function buyerParams(input: BuyerInput): [string, string][] {
  return [
    ['code', input.subscription],
    ['media', input.media],
    ['email', input.email],
    ['notification', '0'],
    ['hash', input.hash],
  ];
}

function invalid(method: string): BoomstreamApiError {
  return new BoomstreamApiError(
    'invalid_response',
    `ppv/${method}`,
    'a reply of an unexpected shape',
  );
}

export function createBoomstreamApi(options: BoomstreamApiOptions): BoomstreamApi {
  if (!options.apiKey) throw new TypeError('the Boomstream API client needs an API key');
  const transport: PpvTransport = {
    apiUrl: options.apiUrl,
    apiKey: options.apiKey,
    fetch: options.fetch ?? fetch,
    timeoutInMs: options.timeoutInMs ?? DEFAULT_TIMEOUT_IN_MS,
    retryDelayInMs: options.retryDelayInMs ?? DEFAULT_RETRY_DELAY_IN_MS,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
  return {
    async addBuyer(input) {
      checkBuyerInput(input);
      const params = buyerParams(input);
      if (input.accessExpire) params.push(['access_expire', formatMoscowTime(input.accessExpire)]);
      const result = parseAddBuyer(
        await callPpv(transport, 'addbuyer', params, [input.hash, input.media]),
      );
      if (!result) throw invalid('addbuyer');
      return result;
    },
    async buyerInfo(input) {
      checkBuyerInput(input);
      const result = parseBuyerInfo(
        await callPpv(transport, 'info', buyerParams(input), [input.hash, input.media]),
      );
      if (!result) throw invalid('info');
      return result;
    },
    async updateBuyer(input) {
      checkBuyerInput(input);
      if (!input.accessExpire && input.activation === undefined)
        throw new TypeError('updateBuyer needs accessExpire or activation');
      if (
        input.activation !== undefined &&
        (!Number.isInteger(input.activation) || input.activation < 0)
      )
        throw new TypeError('activation must be a whole number ≥ 0');
      const params = buyerParams(input);
      if (input.activation !== undefined) params.push(['activation', String(input.activation)]);
      if (input.accessExpire) params.push(['access_expire', formatMoscowTime(input.accessExpire)]);
      await callPpv(transport, 'updatebuyer', params, [input.hash, input.media]);
    },
    async deleteBuyer(input) {
      checkBuyer(input);
      await callPpv(
        transport,
        'deletebuyer',
        [
          ['code', input.subscription],
          ['hash', input.hash],
        ],
        [input.hash],
      );
    },
  };
}
