import { describe, expect, it } from 'vitest';
import { clientAddress } from '#api/auth/client-address.ts';
import { safeNextPath } from '#api/auth/oauth.ts';
import { isCrossSiteRequest } from '#api/auth/origin.ts';

describe('clientAddress', () => {
  it.each([
    ['no proxy: the socket', null, '10.0.0.5', 0, '10.0.0.5'],
    ['no proxy: X-Forwarded-For ignored', '6.6.6.6', '10.0.0.5', 0, '10.0.0.5'],
    ['one trusted hop: the last entry', '6.6.6.6, 203.0.113.9', '10.0.0.5', 1, '203.0.113.9'],
    ['two trusted hops', '6.6.6.6, 203.0.113.9, 10.1.1.1', '10.0.0.5', 2, '203.0.113.9'],
    ['more hops than entries: the leftmost', '203.0.113.9', '10.0.0.5', 3, '203.0.113.9'],
    ['IPv4-mapped IPv6', null, '::ffff:192.0.2.1', 0, '192.0.2.1'],
    ['IPv6 grouped by /64', '2001:db8:1:2:aaaa::1', '10.0.0.5', 1, '2001:db8:1:2::/64'],
    ['header present but empty', ' , ', '10.0.0.5', 1, '10.0.0.5'],
  ])('%s', (_name, forwarded, socket, hops, expected) =>
    expect(clientAddress(forwarded, socket, hops)).toBe(expected),
  );
});

describe('isCrossSiteRequest', () => {
  it.each([
    [{ origin: 'https://course.example.ru', host: 'internal:10000' }, false],
    [{ origin: 'http://127.0.0.1:4321', host: '127.0.0.1:4321' }, false],
    [{ origin: 'https://evil.example', host: 'course.example.ru' }, true],
    [{ origin: 'https://course.example.ru.evil.example', host: 'course.example.ru' }, true],
    [{ origin: 'null', host: 'course.example.ru' }, true],
    [{ 'sec-fetch-site': 'cross-site' }, true],
    [{ 'sec-fetch-site': 'same-origin' }, false],
    [{}, false],
  ])('%o → %s', (headers, expected) =>
    expect(
      isCrossSiteRequest(
        new Headers(headers as Record<string, string>),
        'https://course.example.ru',
      ),
    ).toBe(expected),
  );
});

describe('safeNextPath', () => {
  it.each([
    ['/lessons/welcome', '/lessons/welcome'],
    ['/cabinet?tab=1', '/cabinet?tab=1'],
    ['//evil.example/x', '/cabinet'],
    ['/\\evil.example', '/cabinet'],
    ['https://evil.example', '/cabinet'],
    [null, '/cabinet'],
  ])('%s → %s', (input, expected) => expect(safeNextPath(input)).toBe(expected));
});
