/**
 * The PPV buyer methods as the vendor's clients use them (shared/docs/boomstream.md §3):
 * addbuyer, info, updatebuyer, deletebuyer. Anything Boomstream has not documented is a stated
 * guess here: addbuyer for an existing hash answers Success with that buyer (the vendor filter
 * calls it on every page view) and keeps its end date; a missing buyer is "Buyer not found".
 */
import { failed, type ReplyBody } from './reply.ts';
import type { FakeBoomstreamState, FakeBuyer, FakeSubscription } from './state.ts';

export const ZERO_TIME = '0000-00-00 00:00:00';
const MEDIA_CODE = /^[A-Za-z0-9]{8}$/;

/** `YYYY-MM-DD` (→ 23:59:59) or `YYYY-MM-DD H:i:s` → `YYYY-MM-DD HH:mm:ss`; null if malformed. */
export function normalizeAccessExpire(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{1,2}):(\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [hour, minute, second] =
    m[4] === undefined ? ['23', '59', '59'] : [m[4].padStart(2, '0'), m[5]!, m[6]!];
  if (
    Number(m[2]) < 1 ||
    Number(m[2]) > 12 ||
    Number(m[3]) < 1 ||
    Number(m[3]) > 31 ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second) > 59
  )
    return null;
  return `${m[1]}-${m[2]}-${m[3]} ${hour}:${minute}:${second}`;
}

type Params = Record<string, string>;

function buyerReply(buyer: FakeBuyer, message: string): ReplyBody {
  return {
    Status: 'Success',
    Message: message,
    AccessExpirationDate: buyer.accessExpire ?? ZERO_TIME,
    Recovery: buyer.activation,
    Hash: buyer.hash,
  };
}

/** Checks `access_expire` if sent: undefined = not sent, null = malformed. */
function accessExpireParam(params: Params): string | null | undefined {
  return params.access_expire === undefined
    ? undefined
    : normalizeAccessExpire(params.access_expire);
}

function addBuyer(
  state: FakeBoomstreamState,
  subscription: FakeSubscription,
  params: Params,
): ReplyBody {
  if (!params.media || !MEDIA_CODE.test(params.media)) return failed('Media not found');
  if (!params.email || !params.email.includes('@')) return failed('Invalid email');
  const accessExpire = accessExpireParam(params);
  if (accessExpire === null) return failed('Invalid access_expire');
  const hash = params.hash || state.generateHash();
  const existing = state.buyer(subscription.code, hash);
  if (existing) {
    existing.email = params.email;
    if (!existing.media.includes(params.media)) existing.media.push(params.media);
    return buyerReply(existing, 'Buyer already exists');
  }
  const buyer: FakeBuyer = {
    subscription: subscription.code,
    hash,
    email: params.email,
    media: [params.media],
    accessExpire: accessExpire ?? null,
    activation: state.newBuyerActivation,
  };
  state.putBuyer(buyer);
  return buyerReply(buyer, 'Buyer has been added');
}

/** The subscription's settings, in the XML-style nesting the vendor filter reads (`Items.Item`). */
function info(subscription: FakeSubscription): ReplyBody {
  return {
    Status: 'Success',
    Items: {
      Item: {
        Code: subscription.code,
        Activation: String(subscription.activation),
        AccessExpirationDate: subscription.accessExpire ?? ZERO_TIME,
        Period: subscription.periodInDays === null ? '' : String(subscription.periodInDays),
      },
    },
  };
}

function updateBuyer(
  state: FakeBoomstreamState,
  subscription: FakeSubscription,
  params: Params,
): ReplyBody {
  const buyer = params.hash ? state.buyer(subscription.code, params.hash) : undefined;
  if (!buyer) return failed('Buyer not found');
  const accessExpire = accessExpireParam(params);
  if (accessExpire === null) return failed('Invalid access_expire');
  if (params.activation !== undefined && !/^\d+$/.test(params.activation))
    return failed('Invalid activation');
  if (accessExpire !== undefined) buyer.accessExpire = accessExpire;
  if (params.activation !== undefined) buyer.activation = Number(params.activation);
  if (params.email) buyer.email = params.email;
  if (params.media && MEDIA_CODE.test(params.media) && !buyer.media.includes(params.media))
    buyer.media.push(params.media);
  return { Status: 'Success', Message: 'Buyer has been updated' };
}

function deleteBuyer(
  state: FakeBoomstreamState,
  subscription: FakeSubscription,
  params: Params,
): ReplyBody {
  if (!params.hash || !state.deleteBuyer(subscription.code, params.hash))
    return failed('Buyer not found');
  return { Status: 'Success', Message: 'Buyer has been deleted' };
}

/** Answers one PPV call whose API key has been checked; null for a method the fake lacks. */
export function answerPpv(
  state: FakeBoomstreamState,
  method: string,
  params: Params,
): ReplyBody | null {
  const known = ['addbuyer', 'info', 'updatebuyer', 'deletebuyer'];
  if (!known.includes(method)) return null;
  const subscription = params.code ? state.subscriptions.get(params.code) : undefined;
  if (!subscription) return failed('Subscription not found');
  if (method === 'addbuyer') return addBuyer(state, subscription, params);
  if (method === 'info') return info(subscription);
  if (method === 'updatebuyer') return updateBuyer(state, subscription, params);
  return deleteBuyer(state, subscription, params);
}
