/** The PPV client over real HTTP against the fake Boomstream: parameters, parsing, errors, retry, timeout. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBoomstreamApi, type BoomstreamApiOptions } from '#api/boomstream/api-client.ts';
import { BoomstreamApiError, isBuyerNotFound } from '#api/boomstream/api-error.ts';
import { startFakeBoomstream, type FakeBoomstream } from '#scripts/fakes/boomstream/server.ts';
import { API_KEY, SUBSCRIPTION } from './support.ts';

const HASH = '0123456789abcdef0123456789abcdef';
const MEDIA = 'Am0TlUow';
const EMAIL = 'student@example.ru';
const buyer = { subscription: SUBSCRIPTION, media: MEDIA, email: EMAIL, hash: HASH };

let fake: FakeBoomstream;
let sleeps: number[];
const api = (options: Partial<BoomstreamApiOptions> = {}) =>
  createBoomstreamApi({
    apiUrl: fake.apiUrl,
    apiKey: API_KEY,
    sleep: async (ms) => void sleeps.push(ms),
    ...options,
  });

async function rejection(promise: Promise<unknown>): Promise<BoomstreamApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BoomstreamApiError);
  return error as BoomstreamApiError;
}

beforeAll(async () => {
  fake = await startFakeBoomstream({ apiKey: API_KEY, subscription: SUBSCRIPTION });
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.state.reset();
  sleeps = [];
});

describe('the Boomstream PPV client', () => {
  it('addBuyer sends exactly the documented GET parameters, access_expire in Moscow time', async () => {
    const result = await api().addBuyer({
      ...buyer,
      accessExpire: new Date('2027-03-01T09:00:00.700Z'),
    });
    const [call] = fake.state.calls;
    expect(call).toMatchObject({ httpMethod: 'GET', path: '/api/ppv/addbuyer' });
    expect(Object.entries(call!.params)).toEqual([
      ['apikey', API_KEY],
      ['code', SUBSCRIPTION],
      ['media', MEDIA],
      ['email', EMAIL],
      ['notification', '0'],
      ['hash', HASH],
      ['access_expire', '2027-03-01 12:00:00'],
      ['format', 'json'],
    ]);
    expect(result).toEqual({
      accessExpiresAt: new Date('2027-03-01T09:00:00.000Z'),
      recovery: 0,
      hash: HASH,
    });
    expect(fake.state.buyer(SUBSCRIPTION, HASH)).toMatchObject({
      email: EMAIL,
      media: [MEDIA],
      accessExpire: '2027-03-01 12:00:00',
    });
  });

  it('addBuyer without an end date sends no access_expire and reads the zero date as none', async () => {
    const result = await api().addBuyer(buyer);
    expect(fake.state.calls[0]!.params).not.toHaveProperty('access_expire');
    expect(fake.state.calls[0]!.params.notification).toBe('0');
    expect(result.accessExpiresAt).toBeNull();
  });

  it('buyerInfo reads the XML-style Items.Item nesting', async () => {
    fake.state.addSubscription({
      code: SUBSCRIPTION,
      activation: 7,
      periodInDays: 30,
      accessExpire: '2027-01-01 00:00:00',
    });
    const info = await api().buyerInfo(buyer);
    expect(info).toEqual({
      activation: 7,
      periodInDays: 30,
      accessExpiresAt: new Date('2026-12-31T21:00:00.000Z'),
    });
    expect(fake.state.calls[0]).toMatchObject({
      path: '/api/ppv/info',
      params: {
        apikey: API_KEY,
        code: SUBSCRIPTION,
        media: MEDIA,
        email: EMAIL,
        notification: '0',
        hash: HASH,
        format: 'json',
      },
    });
  });

  it('updateBuyer sends activation or access_expire on top of the buyer parameters', async () => {
    await api().addBuyer(buyer);
    await api().updateBuyer({ ...buyer, activation: 5 });
    await api().updateBuyer({ ...buyer, accessExpire: new Date('2026-06-30T21:00:00Z') });
    const [, first, second] = fake.state.calls;
    expect(Object.entries(first!.params)).toEqual([
      ['apikey', API_KEY],
      ['code', SUBSCRIPTION],
      ['media', MEDIA],
      ['email', EMAIL],
      ['notification', '0'],
      ['hash', HASH],
      ['activation', '5'],
      ['format', 'json'],
    ]);
    expect(second!.params).toMatchObject({ access_expire: '2026-07-01 00:00:00' });
    expect(second!.params).not.toHaveProperty('activation');
    expect(fake.state.buyer(SUBSCRIPTION, HASH)).toMatchObject({
      activation: 5,
      accessExpire: '2026-07-01 00:00:00',
    });
  });

  it('deleteBuyer sends apikey, code, hash and format only', async () => {
    await api().addBuyer(buyer);
    await api().deleteBuyer({ subscription: SUBSCRIPTION, hash: HASH });
    expect(Object.entries(fake.state.calls[1]!.params)).toEqual([
      ['apikey', API_KEY],
      ['code', SUBSCRIPTION],
      ['hash', HASH],
      ['format', 'json'],
    ]);
    expect(fake.state.buyer(SUBSCRIPTION, HASH)).toBeUndefined();
  });

  it('works against an API URL without /api (the player host form)', async () => {
    await createBoomstreamApi({ apiUrl: fake.url, apiKey: API_KEY }).addBuyer(buyer);
    expect(fake.state.calls[0]!.path).toBe('/ppv/addbuyer');
  });

  it('maps Boomstream\'s {"Status":"Failed"} to a BoomstreamApiError with its Message, without retrying', async () => {
    const wrongKey = await rejection(
      createBoomstreamApi({ apiUrl: fake.apiUrl, apiKey: 'wrong-key-000' }).addBuyer(buyer),
    );
    expect(wrongKey).toMatchObject({
      kind: 'failed',
      method: 'ppv/addbuyer',
      vendorMessage: 'Application not found',
    });
    expect(wrongKey.message).toBe('Boomstream ppv/addbuyer: Failed: Application not found');
    expect(isBuyerNotFound(wrongKey)).toBe(false);
    expect(fake.state.calls).toHaveLength(1);

    const missing = await rejection(
      api().deleteBuyer({ subscription: SUBSCRIPTION, hash: 'no-such-buyer' }),
    );
    expect(missing).toMatchObject({ kind: 'failed', vendorMessage: 'Buyer not found' });
    expect(isBuyerNotFound(missing)).toBe(true);

    const subscription = await rejection(api().addBuyer({ ...buyer, subscription: 'Other123' }));
    expect(subscription.vendorMessage).toBe('Subscription not found');
    expect(isBuyerNotFound(subscription)).toBe(false);
    expect(sleeps).toEqual([]);
  });

  it('retries once after a 5xx and succeeds', async () => {
    fake.state.failNext(1, { kind: 'status', status: 502 });
    await api({ retryDelayInMs: 123 }).addBuyer(buyer);
    expect(fake.state.calls.map((c) => c.fault)).toEqual(['status', undefined]);
    expect(sleeps).toEqual([123]);
  });

  it('gives up after the one retry', async () => {
    fake.state.failNext(2, { kind: 'status', status: 500 });
    const error = await rejection(api().addBuyer(buyer));
    expect(error).toMatchObject({ kind: 'http', httpStatus: 500 });
    expect(fake.state.calls).toHaveLength(2);
  });

  it("retries a 5xx that carries Boomstream's envelope, and a dropped connection, and a non-JSON body", async () => {
    const faults = [
      { kind: 'failed', status: 503, message: 'Service temporarily unavailable' },
      { kind: 'drop' },
      { kind: 'invalid', body: '<html>oops</html>' },
    ] as const;
    for (const fault of faults) {
      fake.state.failNext(1, fault);
      await api().addBuyer(buyer);
    }
    expect(fake.state.calls.map((c) => c.fault)).toEqual([
      'failed',
      undefined,
      'drop',
      undefined,
      'invalid',
      undefined,
    ]);
    fake.state.failNext(2, { kind: 'drop' });
    expect(await rejection(api().addBuyer(buyer))).toMatchObject({ kind: 'network' });
  });

  it('does not retry a 4xx', async () => {
    fake.state.failNext(1, { kind: 'status', status: 403 });
    expect(await rejection(api().addBuyer(buyer))).toMatchObject({ kind: 'http', httpStatus: 403 });
    expect(fake.state.calls).toHaveLength(1);
  });

  it('times out each attempt', async () => {
    // A roomy time-out and a much longer delay: a loaded machine must not time out the quick
    // attempt, and the elapsed time still shows the delays were cut short.
    fake.state.failNext(2, { kind: 'delay', ms: 6_000 });
    const started = Date.now();
    const error = await rejection(api({ timeoutInMs: 1_000 }).addBuyer(buyer));
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(error.message).toContain('1000 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(fake.state.calls).toHaveLength(2);

    fake.state.reset();
    fake.state.failNext(1, { kind: 'delay', ms: 6_000 });
    await api({ timeoutInMs: 1_000 }).addBuyer(buyer);
    expect(fake.state.calls).toHaveLength(2);
  });

  it('refuses misuse before any request', async () => {
    await expect(api().addBuyer({ ...buyer, media: 'bad' })).rejects.toThrow(TypeError);
    await expect(api().addBuyer({ ...buyer, email: '' })).rejects.toThrow(/email/);
    await expect(api().addBuyer({ ...buyer, hash: '' })).rejects.toThrow(/hash/);
    await expect(api().addBuyer({ ...buyer, subscription: 'a b' })).rejects.toThrow(/subscription/);
    await expect(api().updateBuyer(buyer)).rejects.toThrow(/accessExpire or activation/);
    expect(() => createBoomstreamApi({ apiUrl: fake.apiUrl, apiKey: '' })).toThrow(/API key/);
    expect(fake.state.calls).toHaveLength(0);
  });

  it('uses the fetch it is given', async () => {
    const seen: string[] = [];
    const spy: typeof fetch = async (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    await api({ fetch: spy }).buyerInfo(buyer);
    expect(seen).toHaveLength(1);
    expect(new URL(seen[0]!).pathname).toBe('/api/ppv/info');
  });
});
