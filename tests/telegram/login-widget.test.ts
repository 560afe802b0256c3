/** verifyLoginWidget / signLoginWidget (docs/telegram.md §2.1). */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOGIN_MAX_AGE_IN_SECONDS,
  signInitData,
  signLoginWidget,
  verifyLoginWidget,
} from '#api/telegram/index.ts';

const TOKEN = '4242:OWN-secret_token';
const NOW = 1_750_000_000;
const options = { maxAgeInSeconds: 300, nowInSeconds: NOW };
const widgetFields = {
  id: '151272257',
  first_name: 'Амир',
  last_name: 'Муллагалиев',
  username: 'amir',
  photo_url: 'https://t.me/i/userpic/320/a.jpg',
  auth_date: String(NOW - 30),
};
const query = signLoginWidget(widgetFields, TOKEN);

describe('verifyLoginWidget', () => {
  it("accepts the widget's query string and reads the user", () => {
    expect(verifyLoginWidget(query, TOKEN, options)).toEqual({
      ok: true,
      data: {
        authDate: NOW - 30,
        user: {
          id: 151272257,
          first_name: 'Амир',
          last_name: 'Муллагалиев',
          username: 'amir',
          photo_url: 'https://t.me/i/userpic/320/a.jpg',
        },
        fields: { ...widgetFields, hash: new URLSearchParams(query).get('hash') },
      },
    });
  });

  it('accepts URLSearchParams and only the guaranteed fields', () => {
    const minimal = signLoginWidget({ id: '1', first_name: 'A', auth_date: String(NOW) }, TOKEN);
    expect(verifyLoginWidget(new URLSearchParams(minimal), TOKEN, options)).toMatchObject({
      ok: true,
      data: { user: { id: 1, first_name: 'A' } },
    });
  });

  it('signs every received field: an unsigned extra parameter fails, a signed one passes', () => {
    expect(verifyLoginWidget(`${query}&next=%2Fcabinet`, TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'bad_hash',
    });
    const withExtra = signLoginWidget({ ...widgetFields, next: '/cabinet' }, TOKEN);
    expect(verifyLoginWidget(withExtra, TOKEN, options)).toMatchObject({
      ok: true,
      data: { fields: { next: '/cabinet' } },
    });
  });

  it('refuses a dropped field, a changed field and a wrong token', () => {
    expect(verifyLoginWidget(query.replace(/&username=amir/, ''), TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'bad_hash',
    });
    expect(
      verifyLoginWidget(query.replace('username=amir', 'username=amil'), TOKEN, options),
    ).toMatchObject({ ok: false, reason: 'bad_hash' });
    expect(verifyLoginWidget(query, '4242:other', options)).toMatchObject({
      ok: false,
      reason: 'bad_hash',
    });
  });

  it('refuses stale and future-dated logins, and skips both with max age 0', () => {
    expect(verifyLoginWidget(query, TOKEN, { maxAgeInSeconds: 10, nowInSeconds: NOW })).toEqual({
      ok: false,
      reason: 'stale',
      message: 'auth_date 2025-06-15T15:06:10Z is 30 s old, limit 10 s',
    });
    expect(
      verifyLoginWidget(query, TOKEN, { maxAgeInSeconds: 300, nowInSeconds: NOW - 200 }),
    ).toMatchObject({ ok: false, reason: 'future' });
    expect(
      verifyLoginWidget(query, TOKEN, { maxAgeInSeconds: 0, nowInSeconds: NOW + 10 ** 8 }).ok,
    ).toBe(true);
  });

  it('refuses missing, malformed and repeated hashes, and empty input', () => {
    expect(verifyLoginWidget(query.replace(/&hash=.*/, ''), TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'missing_hash',
    });
    expect(
      verifyLoginWidget(query.replace(/hash=[0-9a-f]+/, 'hash=abc'), TOKEN, options),
    ).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifyLoginWidget(`${query}&hash=${'0'.repeat(64)}`, TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    expect(verifyLoginWidget(`${query}&id=2`, TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'malformed',
      message: 'field "id" appears more than once',
    });
    expect(verifyLoginWidget('', TOKEN, options)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifyLoginWidget(new URLSearchParams(), TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });

  it.each([
    ['a non-numeric id', { id: 'abc', first_name: 'A', auth_date: String(NOW) }],
    ['no first_name', { id: '1', auth_date: String(NOW) }],
    ['no id', { first_name: 'A', auth_date: String(NOW) }],
    ['no auth_date', { id: '1', first_name: 'A' }],
    ['a fractional auth_date', { id: '1', first_name: 'A', auth_date: '1.5' }],
  ])('refuses %s even with a correct hash', (_label, fields) => {
    expect(verifyLoginWidget(signLoginWidget(fields, TOKEN), TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });

  it('refuses widget fields signed with the Mini App formula', () => {
    expect(verifyLoginWidget(signInitData(widgetFields, TOKEN), TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'bad_hash',
    });
  });

  it('throws on an empty token, never on bad data', () => {
    expect(() => verifyLoginWidget(query, '', options)).toThrow(TypeError);
    expect(() => signLoginWidget(widgetFields, '')).toThrow(TypeError);
    expect(verifyLoginWidget(null as unknown as string, TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    expect(verifyLoginWidget('%%%&&=', TOKEN, options).ok).toBe(false);
  });

  it('defaults to one day', () => {
    expect(DEFAULT_LOGIN_MAX_AGE_IN_SECONDS).toBe(86_400);
  });
});
