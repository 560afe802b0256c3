/** verifyInitData / signInitData on our own signed data: the pitfalls of docs/telegram.md §1.6. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  botIdFromToken,
  DEFAULT_INIT_DATA_MAX_AGE_IN_SECONDS,
  signInitData,
  signLoginWidget,
  verifyInitData,
  verifyLoginWidget,
} from '#api/telegram/index.ts';

const TOKEN = '4242:OWN-secret_token';
const NOW = 1_750_000_000;
const options = { maxAgeInSeconds: 3600, nowInSeconds: NOW };

function sign(fields: Record<string, string>, token = TOKEN): string {
  return signInitData({ auth_date: String(NOW - 10), ...fields }, token);
}

/** A valid hash over hand-chosen fields, for payloads that are signed but broken. */
function signRawPairs(pairs: Array<[string, string]>, token = TOKEN): string {
  const secret = createHmac('sha256', 'WebAppData').update(token).digest();
  const dcs = pairs
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('\n');
  const hash = createHmac('sha256', secret).update(dcs).digest('hex');
  return new URLSearchParams([...pairs, ['hash', hash]]).toString();
}

function expectValid(raw: string, opts = options) {
  const result = verifyInitData(raw, TOKEN, opts);
  if (!result.ok) throw new Error(`expected valid, got ${result.reason}: ${result.message}`);
  return result.data;
}

describe('verifyInitData on correctly signed data', () => {
  it('reads Cyrillic names', () => {
    const data = expectValid(
      sign({
        user: '{"id":5,"first_name":"Пётр","last_name":"Иванов-Щукин","language_code":"ru"}',
      }),
    );
    expect(data.user).toEqual({
      id: 5,
      first_name: 'Пётр',
      last_name: 'Иванов-Щукин',
      language_code: 'ru',
    });
  });

  it('hashes photo_url with \\/ as received and only then parses it', () => {
    const user =
      '{"id":7,"first_name":"A","photo_url":"https:\\/\\/t.me\\/i\\/userpic\\/320\\/x.svg"}';
    const data = expectValid(sign({ user }));
    expect(data.fields.user).toBe(user);
    expect(data.user?.photo_url).toBe('https://t.me/i/userpic/320/x.svg');
  });

  it.each([
    ['a plus sign', 'a+b'],
    ['a percent sign and an escape look-alike', '100% %41 %zz'],
    ['equals signs', 'k=v=w'],
    ['ampersands', 'x&y&hash=0'],
    ['spaces and newlines', 'two words\nsecond line'],
    ['emoji (a surrogate pair)', 'ok 👍'],
  ])('keeps %s in a value exactly', (_label, value) => {
    const data = expectValid(sign({ note: value }));
    expect(data.fields.note).toBe(value);
  });

  it('decodes + as a space and %20 alike (form encoding)', () => {
    const raw = sign({ note: 'two words here' });
    expect(raw).toContain('note=two+words+here');
    expect(expectValid(raw).fields.note).toBe('two words here');
    expect(expectValid(raw.replaceAll('+', '%20')).fields.note).toBe('two words here');
  });

  it('includes the signature field in the data-check-string', () => {
    const raw = sign({ signature: 'zL-ucjNyREiHDE8aihFwpfR9aggP2xiAo3NSpfe' });
    expect(expectValid(raw).fields.signature).toBe('zL-ucjNyREiHDE8aihFwpfR9aggP2xiAo3NSpfe');
    expect(verifyInitData(raw.replace(/&?signature=[^&]*/, ''), TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'bad_hash',
    });
  });

  it('fails when signed by a validator that drops signature (the data then does not match)', () => {
    const withoutSignature = new URLSearchParams(sign({ query_id: 'Q' }));
    const raw = `${withoutSignature.toString()}&signature=abc`;
    expect(verifyInitData(raw, TOKEN, options)).toMatchObject({ ok: false, reason: 'bad_hash' });
  });

  it('signs unknown fields too and keeps them', () => {
    const raw = sign({ brand_new_field: 'x', chat: '{"id":-100,"type":"group","title":"T"}' });
    const data = expectValid(raw);
    expect(data.fields).toMatchObject({
      brand_new_field: 'x',
      chat: '{"id":-100,"type":"group","title":"T"}',
    });
    expect(verifyInitData(raw.replace(/brand_new_field=x&?/, ''), TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'bad_hash',
    });
  });

  it('does not depend on the order of the fields', () => {
    const raw = sign({ query_id: 'Q', start_param: 's', chat_type: 'private' });
    expectValid(raw.split('&').reverse().join('&'));
  });

  it('reads query_id, start_param, chat_type and chat_instance', () => {
    const data = expectValid(
      sign({ query_id: 'AAH', start_param: 'lesson_1', chat_type: 'private', chat_instance: '-5' }),
    );
    expect(data).toMatchObject({
      authDate: NOW - 10,
      queryId: 'AAH',
      startParam: 'lesson_1',
      chatType: 'private',
      chatInstance: '-5',
    });
    expect(data.user).toBeUndefined();
  });

  it('keeps unknown user fields and drops documented ones of the wrong type', () => {
    const data = expectValid(
      sign({
        user: '{"id":1,"first_name":"A","is_premium":"yes","added_to_attachment_menu":true,"new_flag":[1]}',
      }),
    );
    expect(data.user).toEqual({
      id: 1,
      first_name: 'A',
      added_to_attachment_menu: true,
      new_flag: [1],
    });
  });

  it('is not confused by a user object with its own "ok" or a field named __proto__', () => {
    const data = expectValid(
      sign({ user: '{"id":1,"first_name":"A","ok":false,"reason":"x"}', ['__proto__']: 'p' }),
    );
    expect(data.user?.ok).toBe(false);
    expect(Object.hasOwn(data.fields, '__proto__')).toBe(true);
  });

  it('accepts ids beyond 32 bits', () => {
    expect(expectValid(sign({ user: '{"id":7387289974123,"first_name":"A"}' })).user?.id).toBe(
      7387289974123,
    );
  });

  it('replaces a hash passed to signInitData', () => {
    expect(signInitData({ auth_date: '1', hash: 'old' }, TOKEN)).toBe(
      signInitData({ auth_date: '1' }, TOKEN),
    );
  });
});

describe('verifyInitData refuses', () => {
  const good = sign({ user: '{"id":1,"first_name":"A"}', start_param: 'lesson_42' });

  it('a tampered field', () => {
    expect(verifyInitData(good.replace('lesson_42', 'lesson_43'), TOKEN, options)).toEqual({
      ok: false,
      reason: 'bad_hash',
      message: 'the data was not signed with this bot token or was changed',
    });
  });

  it('a wrong token, before looking at the time', () => {
    expect(
      verifyInitData(good, '4242:other', { maxAgeInSeconds: 1, nowInSeconds: NOW + 10_000 }),
    ).toMatchObject({ ok: false, reason: 'bad_hash' });
  });

  it('stale data', () => {
    expect(verifyInitData(good, TOKEN, { maxAgeInSeconds: 5, nowInSeconds: NOW })).toEqual({
      ok: false,
      reason: 'stale',
      message: 'auth_date 2025-06-15T15:06:30Z is 10 s old, limit 5 s',
    });
  });

  it('data dated more than the allowed skew in the future', () => {
    const future = sign({ auth_date: String(NOW + 61) });
    expect(verifyInitData(future, TOKEN, options)).toEqual({
      ok: false,
      reason: 'future',
      message: 'auth_date 2025-06-15T15:07:41Z is 61 s in the future, allowed clock skew 60 s',
    });
    expect(verifyInitData(sign({ auth_date: String(NOW + 60) }), TOKEN, options).ok).toBe(true);
    expect(verifyInitData(future, TOKEN, { ...options, maxFutureSkewInSeconds: 120 }).ok).toBe(
      true,
    );
  });

  it('nothing on time when maxAgeInSeconds is 0', () => {
    expect(
      verifyInitData(sign({ auth_date: '1' }), TOKEN, { maxAgeInSeconds: 0, nowInSeconds: NOW }).ok,
    ).toBe(true);
    expect(
      verifyInitData(sign({ auth_date: String(NOW + 86_400) }), TOKEN, {
        maxAgeInSeconds: 0,
        nowInSeconds: NOW,
      }).ok,
    ).toBe(true);
  });

  it('a missing hash', () => {
    expect(verifyInitData('auth_date=1&user=%7B%7D', TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'missing_hash',
    });
  });

  it.each([
    ['too short', 'abc123'],
    ['too long', `${'a'.repeat(64)}0`],
    ['not hex', 'z'.repeat(64)],
    ['empty', ''],
  ])('a hash that is %s', (_label, hash) => {
    const raw = good.replace(/hash=[0-9a-f]+/, `hash=${hash}`);
    expect(verifyInitData(raw, TOKEN, options)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('an upper-case hash (Telegram sends lower-case; one payload must have one spelling)', () => {
    const raw = good.replace(/hash=([0-9a-f]+)/, (_m, hex: string) => `hash=${hex.toUpperCase()}`);
    expect(verifyInitData(raw, TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'malformed',
      message: expect.stringContaining('lower-case hex'),
    });
  });

  it.each([
    ['a repeated data field', (raw: string) => `${raw}&start_param=lesson_99`, 'start_param'],
    ['a repeated hash', (raw: string) => `${raw}&hash=${'0'.repeat(64)}`, 'hash'],
    [
      'the same key spelled with an escape',
      (raw: string) => `${raw}&start%5Fparam=x`,
      'start_param',
    ],
  ])('%s', (_label, change, key) => {
    expect(verifyInitData(change(good), TOKEN, options)).toEqual({
      ok: false,
      reason: 'malformed',
      message: `field "${key}" appears more than once`,
    });
  });

  it('an empty string', () => {
    expect(verifyInitData('', TOKEN, options)).toEqual({
      ok: false,
      reason: 'malformed',
      message: 'the data is empty',
    });
  });

  it.each(['1.5', '1e9', '-5', ' 5', '', 'AAA', '99999999999999999999'])(
    'auth_date %j even with a correct hash',
    (authDate) => {
      expect(verifyInitData(signRawPairs([['auth_date', authDate]]), TOKEN, options)).toMatchObject(
        { ok: false, reason: 'malformed' },
      );
    },
  );

  it('a missing auth_date even with a correct hash', () => {
    expect(verifyInitData(signRawPairs([['query_id', 'Q']]), TOKEN, options)).toEqual({
      ok: false,
      reason: 'malformed',
      message: 'auth_date is missing',
    });
  });

  it.each([
    ['broken JSON', '{"id":1,"first_name":"A"'],
    ['JSON that is not an object', '[1]'],
    ['no id', '{"first_name":"A"}'],
    ['id 0', '{"id":0,"first_name":"A"}'],
    ['a negative id', '{"id":-5,"first_name":"A"}'],
    ['a fractional id', '{"id":1.5,"first_name":"A"}'],
    ['an id beyond 2^53', '{"id":9007199254740993,"first_name":"A"}'],
    ['a non-numeric id string', '{"id":"12a","first_name":"A"}'],
    ['no first_name', '{"id":1}'],
    ['a numeric first_name', '{"id":1,"first_name":5}'],
  ])('a user with %s even with a correct hash', (_label, user) => {
    expect(
      verifyInitData(
        signRawPairs([
          ['auth_date', String(NOW)],
          ['user', user],
        ]),
        TOKEN,
        options,
      ),
    ).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('initData signed with the Login Widget formula', () => {
    const widgetSigned = signLoginWidget(
      { auth_date: String(NOW), user: '{"id":1,"first_name":"A"}' },
      TOKEN,
    );
    expect(verifyInitData(widgetSigned, TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'bad_hash',
    });
  });

  it('is not fooled the other way round: initData-signed widget fields fail the widget check', () => {
    const initSigned = signInitData({ id: '1', first_name: 'A', auth_date: String(NOW) }, TOKEN);
    expect(verifyLoginWidget(initSigned, TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'bad_hash',
    });
  });
});

describe('verifyInitData never throws on bad input', () => {
  it.each([
    '%',
    '%%%',
    '&&&',
    '=',
    '?',
    '?hash=',
    'hash',
    '\u0000',
    '%FF%FE',
    'a'.repeat(100_000),
    'user=%7B&hash=' + 'f'.repeat(64),
  ])('%j', (raw) => {
    const result = verifyInitData(raw, TOKEN, options);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/\S/);
  });

  it('nor on a value that is not a string', () => {
    expect(verifyInitData(undefined as unknown as string, TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });
});

describe('misuse throws', () => {
  it.each([[''], [undefined]])('an empty bot token (%j)', (token) => {
    expect(() => verifyInitData(sign({}), token as string, options)).toThrow(TypeError);
    expect(() => signInitData({ auth_date: '1' }, token as string)).toThrow(TypeError);
  });

  it.each([[-1], [Number.NaN], [Infinity], [undefined]])(
    'maxAgeInSeconds %j',
    (maxAgeInSeconds) => {
      expect(() =>
        verifyInitData(sign({}), TOKEN, { maxAgeInSeconds: maxAgeInSeconds as number }),
      ).toThrow(TypeError);
    },
  );

  it('missing options', () => {
    expect(() =>
      verifyInitData(sign({}), TOKEN, undefined as unknown as { maxAgeInSeconds: number }),
    ).toThrow(TypeError);
  });

  it('a non-string value to sign', () => {
    expect(() => signInitData({ auth_date: 1 as unknown as string }, TOKEN)).toThrow(TypeError);
  });
});

describe('botIdFromToken', () => {
  it('takes the number before the colon', () => {
    expect(botIdFromToken('7342037359:AAFZehRPBRs8Seg40oDjTMIW8uTGPuW1zfQ')).toBe(7342037359);
  });

  it.each(['', 'no-colon', 'abc:def', '0:x', '12:'])('throws on %j', (token) => {
    expect(() => botIdFromToken(token)).toThrow(TypeError);
  });
});

it('defaults to one day', () => {
  expect(DEFAULT_INIT_DATA_MAX_AGE_IN_SECONDS).toBe(86_400);
});
