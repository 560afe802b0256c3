/** verifyInitDataSignature (Ed25519, docs/telegram.md §1.3) with a locally generated key pair. */
import { describe, expect, it } from 'vitest';
import {
  botIdFromToken,
  TELEGRAM_PUBLIC_KEYS,
  verifyInitDataSignature,
} from '#api/telegram/index.ts';
import { createTestSigner } from './ed25519.ts';

const signer = createTestSigner();
const BOT_ID = botIdFromToken('777000123:secret-part-not-needed');
const NOW = 1_750_000_000;
const options = { maxAgeInSeconds: 3600, nowInSeconds: NOW, publicKeyHex: signer.publicKeyHex };
const fields = {
  auth_date: String(NOW - 5),
  user: '{"id":42,"first_name":"Анна","photo_url":"https:\\/\\/t.me\\/x.svg"}',
  query_id: 'Q',
  hash: 'f'.repeat(64),
};
const raw = signer.sign(fields, BOT_ID);

describe('verifyInitDataSignature', () => {
  it('accepts data signed for this bot id, leaving hash out of the message', () => {
    const result = verifyInitDataSignature(raw, BOT_ID, options);
    expect(result).toMatchObject({
      ok: true,
      data: {
        authDate: NOW - 5,
        queryId: 'Q',
        user: { id: 42, first_name: 'Анна', photo_url: 'https://t.me/x.svg' },
      },
    });
  });

  it("ignores the hash field entirely (it is the bot owner's HMAC)", () => {
    expect(verifyInitDataSignature(raw.replace(/hash=f+/, 'hash=123'), BOT_ID, options).ok).toBe(
      true,
    );
  });

  it('accepts a padded signature', () => {
    expect(verifyInitDataSignature(`${raw}%3D%3D`, BOT_ID, options).ok).toBe(true);
  });

  it('refuses another bot id', () => {
    expect(verifyInitDataSignature(raw, BOT_ID + 1, options)).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses a changed field', () => {
    expect(
      verifyInitDataSignature(raw.replace('query_id=Q', 'query_id=R'), BOT_ID, options),
    ).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it("refuses Telegram's production and test keys for data signed with another key", () => {
    const { publicKeyHex: _ignored, ...withoutKey } = options;
    expect(verifyInitDataSignature(raw, BOT_ID, withoutKey)).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    expect(
      verifyInitDataSignature(raw, BOT_ID, { ...withoutKey, environment: 'test' }),
    ).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('reports a missing signature apart from a bad one', () => {
    expect(
      verifyInitDataSignature(raw.replace(/&signature=[^&]*/, ''), BOT_ID, options),
    ).toMatchObject({ ok: false, reason: 'missing_signature' });
  });

  it.each([
    ['not base64url', '!!!!'],
    ['too short', 'AAAA'],
    ['one character too many', 'A'.repeat(87)],
    ['standard base64 characters', `${'A'.repeat(85)}+`],
  ])('refuses a signature that is %s as malformed', (_label, signature) => {
    expect(
      verifyInitDataSignature(
        raw.replace(/signature=[^&]*/, `signature=${encodeURIComponent(signature)}`),
        BOT_ID,
        options,
      ),
    ).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('applies the same freshness rule, after the signature', () => {
    expect(verifyInitDataSignature(raw, BOT_ID, { ...options, maxAgeInSeconds: 1 })).toMatchObject({
      ok: false,
      reason: 'stale',
    });
    expect(
      verifyInitDataSignature(raw, BOT_ID, { ...options, nowInSeconds: NOW - 1000 }),
    ).toMatchObject({ ok: false, reason: 'future' });
    expect(
      verifyInitDataSignature(raw, BOT_ID + 1, { ...options, maxAgeInSeconds: 1 }),
    ).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('refuses duplicates, empty input and a broken user like the HMAC check', () => {
    expect(verifyInitDataSignature(`${raw}&query_id=Z`, BOT_ID, options)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    expect(verifyInitDataSignature('', BOT_ID, options)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    const broken = signer.sign({ auth_date: String(NOW), user: '{"id":' }, BOT_ID);
    expect(verifyInitDataSignature(broken, BOT_ID, options)).toMatchObject({
      ok: false,
      reason: 'malformed',
      message: 'user is not valid JSON',
    });
  });

  it('throws on misuse: a bad bot id, key or environment', () => {
    expect(() => verifyInitDataSignature(raw, 0, options)).toThrow(TypeError);
    expect(() => verifyInitDataSignature(raw, 1.5, options)).toThrow(TypeError);
    expect(() =>
      verifyInitDataSignature(raw, BOT_ID, { ...options, publicKeyHex: 'abcd' }),
    ).toThrow(TypeError);
    expect(() =>
      verifyInitDataSignature(raw, BOT_ID, {
        maxAgeInSeconds: 0,
        environment: 'staging' as 'test',
      }),
    ).toThrow(TypeError);
  });

  it("knows Telegram's published keys", () => {
    expect(TELEGRAM_PUBLIC_KEYS).toEqual({
      production: 'e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d',
      test: '40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec',
    });
  });
});
