/** Reply parsing on shapes the fake does not produce: what other Boomstream versions may send. */
import { describe, expect, it } from 'vitest';
import { parseAddBuyer, parseBuyerInfo } from '#api/boomstream/api-responses.ts';

describe('Boomstream reply parsing', () => {
  it('accepts numbers as strings, drops unknown fields (RequestURI with the key)', () => {
    expect(
      parseAddBuyer({
        Status: 'Success',
        Recovery: '0',
        Hash: 123456789,
        AccessExpirationDate: '2026-03-01 12:00:00',
        RequestURI: '/api/ppv/addbuyer?apikey=K',
      }),
    ).toEqual({
      recovery: 0,
      hash: '123456789',
      accessExpiresAt: new Date('2026-03-01T09:00:00Z'),
    });
    expect(parseAddBuyer({ Status: 'Success' })).toEqual({
      recovery: null,
      hash: null,
      accessExpiresAt: null,
    });
    expect(
      parseAddBuyer({ Status: 'Success', AccessExpirationDate: 'garbage' })?.accessExpiresAt,
    ).toBeNull();
    expect(parseAddBuyer({ Status: 'Success', Recovery: 'many' })).toBeUndefined();
  });

  it('reads info with one item, several items, or none', () => {
    expect(
      parseBuyerInfo({
        Items: { Item: { Activation: 3, Period: '', AccessExpirationDate: '0000-00-00 00:00:00' } },
      }),
    ).toEqual({ activation: 3, periodInDays: null, accessExpiresAt: null });
    expect(
      parseBuyerInfo({ Items: { Item: [{ Activation: '2', Period: '14' }, { Activation: '9' }] } }),
    ).toEqual({ activation: 2, periodInDays: 14, accessExpiresAt: null });
    for (const items of [[], '', null, undefined])
      expect(parseBuyerInfo({ Items: items })).toEqual({
        activation: null,
        periodInDays: null,
        accessExpiresAt: null,
      });
    expect(parseBuyerInfo({ Items: { Item: { Activation: 'x' } } })).toBeUndefined();
  });
});
