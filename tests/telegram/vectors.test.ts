/** Every public vector (shared/fixtures/telegram/vectors.json) through the production checks. */
import { describe, expect, it } from 'vitest';
import {
  botIdFromToken,
  TELEGRAM_PUBLIC_KEYS,
  verifyInitData,
  verifyInitDataSignature,
  verifyLoginWidget,
} from '#api/telegram/index.ts';
import {
  expectedTimeFailure,
  loadVectors,
  vectorFreshness,
  vectorName,
  VECTORS_ABSENT_MESSAGE,
  VECTORS_PRESENT,
  type Ed25519Vector,
  type HmacVector,
  type LoginWidgetVector,
  type Vector,
} from './vectors.ts';

const vectors = loadVectors().map((vector, index) => ({
  ...vector,
  name: vectorName(vector, index),
}));
const hmac = vectors.filter((v): v is HmacVector & { name: string } => v.kind === 'webapp-hmac');
const ed25519 = vectors.filter(
  (v): v is Ed25519Vector & { name: string } => v.kind === 'webapp-ed25519',
);
const login = vectors.filter(
  (v): v is LoginWidgetVector & { name: string } => v.kind === 'login-widget',
);

/** Valid as expected and, when invalid, for the right kind of reason (time vs. signature). */
function expectOutcome(
  vector: Vector,
  result: { ok: true } | { ok: false; reason: string; message: string },
): void {
  expect(result.ok, result.ok ? 'valid' : `${result.reason}: ${result.message}`).toBe(
    vector.expect_valid,
  );
  const timeFailure = expectedTimeFailure(vector);
  if (timeFailure !== undefined && !result.ok)
    expect(['stale', 'future'].includes(result.reason), `${result.reason}: ${result.message}`).toBe(
      timeFailure,
    );
}

if (!VECTORS_PRESENT) {
  describe('public test vectors', () => {
    it.skip(VECTORS_ABSENT_MESSAGE, () => {});
  });
}

describe.runIf(VECTORS_PRESENT)('public test vectors', () => {
  it('are all of a known kind', () => {
    expect(vectors.length).toBeGreaterThan(0);
    expect(hmac.length + ed25519.length + login.length).toBe(vectors.length);
  });

  describe('Mini App initData, HMAC with the bot token (verifyInitData)', () => {
    it.each(hmac)('$name', (vector) => {
      const result = verifyInitData(vector.init_data, vector.bot_token, vectorFreshness(vector));
      expectOutcome(vector, result);
      if (result.ok && result.data.user)
        expect(Number.isSafeInteger(result.data.user.id)).toBe(true);
    });
  });

  describe("Mini App initData, Ed25519 with Telegram's key and the bot id (verifyInitDataSignature)", () => {
    it.each(ed25519)('$name', (vector) => {
      const result = verifyInitDataSignature(vector.init_data, vector.bot_id, {
        ...vectorFreshness(vector),
        publicKeyHex: vector.public_key_hex,
      });
      expectOutcome(vector, result);
      // For Telegram's own keys the default (environment) must give the same answer.
      if (vector.environment === 'production' || vector.environment === 'test') {
        expect(
          verifyInitDataSignature(vector.init_data, vector.bot_id, {
            ...vectorFreshness(vector),
            environment: vector.environment,
          }).ok,
        ).toBe(vector.expect_valid);
      }
    });
  });

  describe('Login Widget (verifyLoginWidget)', () => {
    it.each(login)('$name', (vector) => {
      const result = verifyLoginWidget(
        new URLSearchParams(vector.fields),
        vector.bot_token,
        vectorFreshness(vector),
      );
      expectOutcome(vector, result);
      // The same fields as the redirect's query string give the same answer.
      expect(
        verifyLoginWidget(
          new URLSearchParams(vector.fields).toString(),
          vector.bot_token,
          vectorFreshness(vector),
        ).ok,
      ).toBe(vector.expect_valid);
    });
  });

  describe('real Telegram data carrying both hash and signature', () => {
    const both = hmac.filter((v) => v.expect_valid && /(^|&)signature=/.test(v.init_data));

    it('exists among the vectors', () => expect(both.length).toBeGreaterThan(0));

    it.each(both)("passes the Ed25519 check for the token's bot id too: $name", (vector) => {
      const result = verifyInitDataSignature(vector.init_data, botIdFromToken(vector.bot_token), {
        maxAgeInSeconds: 0,
      });
      expect(result.ok).toBe(true);
      expect(
        verifyInitDataSignature(vector.init_data, botIdFromToken(vector.bot_token), {
          maxAgeInSeconds: 0,
          publicKeyHex: TELEGRAM_PUBLIC_KEYS.test,
        }).ok,
      ).toBe(false);
    });

    it.each(both)(
      'fails the HMAC check once signature is left out of the data-check-string: $name',
      (vector) => {
        const withoutSignature = vector.init_data.replace(/(^|&)signature=[^&]*/, '');
        const result = verifyInitData(withoutSignature, vector.bot_token, { maxAgeInSeconds: 0 });
        expect(result).toMatchObject({ ok: false, reason: 'bad_hash' });
      },
    );
  });
});
