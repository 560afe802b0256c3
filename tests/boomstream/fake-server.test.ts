/** The fake Boomstream itself: it answers like the real one where the clients depend on it. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { normalizeAccessExpire } from '#scripts/fakes/boomstream/ppv.ts';
import { startFakeBoomstream, type FakeBoomstream } from '#scripts/fakes/boomstream/server.ts';
import { API_KEY, SUBSCRIPTION } from './support.ts';

let fake: FakeBoomstream;
beforeAll(async () => {
  fake = await startFakeBoomstream({ apiKey: API_KEY, subscription: SUBSCRIPTION });
});
afterAll(() => fake?.close());
beforeEach(() => fake.state.reset());

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

describe('the fake Boomstream', () => {
  it('answers XML by default and JSON with the envelope (Version, Versions, RequestURI) for format=json', async () => {
    const xml = await fetch(
      `${fake.apiUrl}/ppv/info?${query({ apikey: API_KEY, code: SUBSCRIPTION })}`,
    );
    expect(xml.headers.get('content-type')).toContain('xml');
    expect(await xml.text()).toMatch(
      /<Response><Status>Success<\/Status><Items><Item><Code>Sub5Code<\/Code><Activation>5<\/Activation>/,
    );
    const json = (await (
      await fetch(
        `${fake.apiUrl}/ppv/info?${query({ apikey: API_KEY, code: SUBSCRIPTION, format: 'json' })}`,
      )
    ).json()) as Record<string, unknown>;
    expect(json).toMatchObject({
      Status: 'Success',
      Version: '1.0',
      RequestURI: `/api/ppv/info?apikey=${API_KEY}&code=${SUBSCRIPTION}&format=json`,
    });
    expect(json.Versions).toHaveLength(3);
  });

  it('keeps one buyer per subscription and hash; addbuyer again answers Success with it', async () => {
    const add = {
      apikey: API_KEY,
      code: SUBSCRIPTION,
      media: 'Am0TlUow',
      email: 'a@example.ru',
      notification: '0',
      hash: 'h1',
      access_expire: '2027-01-01',
      format: 'json',
    };
    const first = await (await fetch(`${fake.apiUrl}/ppv/addbuyer?${query(add)}`)).json();
    const again = await (
      await fetch(
        `${fake.apiUrl}/ppv/addBuyer?${query({ ...add, media: 'nKg3scvB', access_expire: '2030-01-01' })}`,
      )
    ).json();
    expect(first).toMatchObject({
      Status: 'Success',
      Hash: 'h1',
      Recovery: 0,
      AccessExpirationDate: '2027-01-01 23:59:59',
    });
    expect(again).toMatchObject({
      Status: 'Success',
      Hash: 'h1',
      AccessExpirationDate: '2027-01-01 23:59:59',
    });
    expect(fake.state.buyers.size).toBe(1);
    expect(fake.state.buyer(SUBSCRIPTION, 'h1')?.media).toEqual(['Am0TlUow', 'nKg3scvB']);
  });

  it('makes up a 9-digit hash when none is sent, and takes the key from a Bearer header or a POST body', async () => {
    const body = {
      code: SUBSCRIPTION,
      media: 'Am0TlUow',
      email: 'b@example.ru',
      notification: 0,
      format: 'json',
    };
    const reply = (await (
      await fetch(`${fake.url}/ppv/addbuyer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
        body: JSON.stringify(body),
      })
    ).json()) as { Hash: string };
    expect(reply.Hash).toMatch(/^\d{9}$/);
    expect(fake.state.calls[0]).toMatchObject({
      httpMethod: 'POST',
      path: '/ppv/addbuyer',
      params: { apikey: API_KEY, notification: '0' },
    });
  });

  it('refuses a wrong key, an unknown subscription, a bad access_expire, and unknown methods', async () => {
    const get = async (path: string, params: Record<string, string>) =>
      (await fetch(`${fake.apiUrl}${path}?${query({ format: 'json', ...params })}`)).json();
    expect(await get('/ppv/info', { apikey: 'nope', code: SUBSCRIPTION })).toMatchObject({
      Status: 'Failed',
      Message: 'Application not found',
    });
    expect(await get('/ppv/info', { apikey: API_KEY, code: 'Nope1234' })).toMatchObject({
      Status: 'Failed',
      Message: 'Subscription not found',
    });
    expect(
      await get('/ppv/addbuyer', {
        apikey: API_KEY,
        code: SUBSCRIPTION,
        media: 'Am0TlUow',
        email: 'a@b.ru',
        hash: 'x',
        access_expire: '01.01.2027',
      }),
    ).toMatchObject({ Status: 'Failed', Message: 'Invalid access_expire' });
    expect(await get('/ppv/listbuyers', { apikey: API_KEY, code: SUBSCRIPTION })).toMatchObject({
      Status: 'Failed',
      Message: 'Method not found',
    });
  });

  it('normalizes access_expire the way Boomstream documents it', () => {
    expect(normalizeAccessExpire('2026-05-01')).toBe('2026-05-01 23:59:59');
    expect(normalizeAccessExpire('2026-05-01 9:05:07')).toBe('2026-05-01 09:05:07');
    expect(normalizeAccessExpire('2026-13-01')).toBeNull();
  });

  it('adds latency to every answer when asked', async () => {
    fake.state.latencyInMs = 120;
    const started = Date.now();
    await fetch(`${fake.apiUrl}/ppv/info?${query({ apikey: API_KEY, code: SUBSCRIPTION })}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });
});
