/** docs/telegram.md §6: every listed intermediate value and expectation. */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dataCheckString, decodeFields, isFailure } from '#api/telegram/fields.ts';
import { signInitData, verifyInitData, verifyLoginWidget } from '#api/telegram/index.ts';
import {
  EXAMPLE_DATA_CHECK_STRING,
  EXAMPLE_FIELDS,
  EXAMPLE_HASH,
  EXAMPLE_LOGIN_SECRET_HEX,
  EXAMPLE_NOW,
  EXAMPLE_RAW,
  EXAMPLE_SECRET_HEX,
  EXAMPLE_TOKEN,
  EXAMPLE_USER_JSON,
} from './worked-example.ts';

const options = { maxAgeInSeconds: 3600, nowInSeconds: EXAMPLE_NOW };

describe('the worked example (docs/telegram.md §6)', () => {
  it('has the documented secret key: HMAC_SHA256(key "WebAppData", msg token)', () => {
    expect(createHmac('sha256', 'WebAppData').update(EXAMPLE_TOKEN).digest('hex')).toBe(
      EXAMPLE_SECRET_HEX,
    );
  });

  it('decodes to the documented fields and data-check-string', () => {
    const received = decodeFields(EXAMPLE_RAW);
    if (isFailure(received)) throw new Error(received.message);
    expect(received.fields).toEqual({ ...EXAMPLE_FIELDS, hash: EXAMPLE_HASH });
    expect(dataCheckString(received.entries, ['hash'])).toBe(EXAMPLE_DATA_CHECK_STRING);
  });

  it('is reproduced byte for byte by signInitData', () => {
    expect(signInitData(EXAMPLE_FIELDS, EXAMPLE_TOKEN)).toBe(EXAMPLE_RAW);
  });

  it('is valid with token 123456:TEST and max age 3600 s', () => {
    const result = verifyInitData(EXAMPLE_RAW, EXAMPLE_TOKEN, options);
    expect(result).toEqual({
      ok: true,
      data: {
        authDate: 1735689600,
        user: {
          id: 987654321,
          first_name: 'Анна',
          last_name: 'Тестова',
          username: 'anna_test',
          language_code: 'ru',
          allows_write_to_pm: true,
          photo_url: 'https://t.me/i/userpic/320/abc.svg',
        },
        startParam: 'lesson_42',
        chatType: 'sender',
        chatInstance: '-1234567890123456789',
        fields: { ...EXAMPLE_FIELDS, hash: EXAMPLE_HASH },
      },
    });
  });

  it('is invalid with token 123456:TESTX', () => {
    expect(verifyInitData(EXAMPLE_RAW, '123456:TESTX', options)).toMatchObject({
      ok: false,
      reason: 'bad_hash',
    });
  });

  it('is invalid after changing lesson_42 to lesson_43', () => {
    expect(
      verifyInitData(EXAMPLE_RAW.replace('lesson_42', 'lesson_43'), EXAMPLE_TOKEN, options),
    ).toMatchObject({ ok: false, reason: 'bad_hash' });
  });

  it('is stale at now = auth_date + 7200 with max age 3600 s', () => {
    expect(
      verifyInitData(EXAMPLE_RAW, EXAMPLE_TOKEN, {
        maxAgeInSeconds: 3600,
        nowInSeconds: 1735689600 + 7200,
      }),
    ).toEqual({
      ok: false,
      reason: 'stale',
      message: 'auth_date 2025-01-01T00:00:00Z is 7200 s old, limit 3600 s',
    });
  });

  it('is invalid when user is re-serialized (the \\/ turns into /)', () => {
    const reserialized = JSON.stringify(JSON.parse(EXAMPLE_USER_JSON));
    expect(reserialized).not.toBe(EXAMPLE_USER_JSON);
    const raw = new URLSearchParams({
      ...EXAMPLE_FIELDS,
      user: reserialized,
      hash: EXAMPLE_HASH,
    }).toString();
    expect(verifyInitData(raw, EXAMPLE_TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'bad_hash',
    });
  });

  it('has a different Login Widget key, SHA256(token), which does not verify initData', () => {
    expect(createHash('sha256').update(EXAMPLE_TOKEN).digest('hex')).toBe(EXAMPLE_LOGIN_SECRET_HEX);
    expect(verifyLoginWidget(EXAMPLE_RAW, EXAMPLE_TOKEN, options)).toMatchObject({
      ok: false,
      reason: 'bad_hash',
    });
  });
});
