/** Ids, phones and usernames reduced to the forms members and students are compared in. */
import { describe, expect, it } from 'vitest';
import {
  cleanUsername,
  normalizePhone,
  parseTelegramId,
  usernameKey,
} from '#api/telegram-group/identifiers.ts';

describe('parseTelegramId', () => {
  it('reads numbers, digit strings, bigints and BigInteger-like objects', () => {
    expect(parseTelegramId(5123456701)).toEqual({ ok: true, id: 5123456701 });
    expect(parseTelegramId(' 5123456701 ')).toEqual({ ok: true, id: 5123456701 });
    expect(parseTelegramId(7012345605n)).toEqual({ ok: true, id: 7012345605 });
    expect(parseTelegramId({ toString: () => '9007199254740991' })).toEqual({
      ok: true,
      id: Number.MAX_SAFE_INTEGER,
    });
  });

  it('refuses what is no user id, and ids that would lose digits above 2^53', () => {
    expect(parseTelegramId(undefined)).toEqual({ ok: false, reason: 'is missing' });
    expect(parseTelegramId('')).toEqual({ ok: false, reason: 'is missing' });
    expect(parseTelegramId('12a45')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('"12a45"'),
    });
    expect(parseTelegramId(-1001234567890)).toMatchObject({ ok: false });
    expect(parseTelegramId(0)).toMatchObject({ ok: false });
    expect(parseTelegramId(1.5)).toMatchObject({ ok: false });
    expect(parseTelegramId('9007199254740993')).toEqual({
      ok: false,
      reason: '9007199254740993 is larger than 2^53 − 1 and cannot be stored exactly',
    });
  });
});

describe('normalizePhone', () => {
  it.each([
    ['+7 (916) 123-45-67', '79161234567'],
    ['8 916 123 45 67', '79161234567'],
    ['8(916)1234567', '79161234567'],
    ['79161234567', '79161234567'],
    ['00 7 916 123 45 67', '79161234567'],
    ['+380 44 123 4567', '380441234567'],
  ])('%s → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it('rewrites the Russian 8 only when no international prefix was written', () => {
    // +84 (Vietnam) numbers are 11 digits starting with 8 too.
    expect(normalizePhone('+84 912 345 678')).toBe('84912345678');
    expect(normalizePhone('0084912345678')).toBe('84912345678');
    expect(normalizePhone('84912345678')).toBe('74912345678');
  });

  it('refuses text and numbers too short or too long to be international', () => {
    expect(normalizePhone('позвонить вечером')).toBeNull();
    expect(normalizePhone('123-45')).toBeNull();
    expect(normalizePhone('+7 916 123 45 67 доб. 2')).toBeNull();
    expect(normalizePhone('1234567890123456')).toBeNull();
  });
});

describe('usernames', () => {
  it('drop the @ or the t.me link, keep the case, and compare case-insensitively', () => {
    expect(cleanUsername('@Katya_Volkova')).toBe('Katya_Volkova');
    expect(cleanUsername('https://t.me/Katya_Volkova')).toBe('Katya_Volkova');
    expect(usernameKey(cleanUsername(' katya_volkova ')!)).toBe(usernameKey('KATYA_VOLKOVA'));
    expect(cleanUsername('катя')).toBeNull();
    expect(cleanUsername('@1abc')).toBeNull();
    expect(cleanUsername('a b c d e')).toBeNull();
  });
});
