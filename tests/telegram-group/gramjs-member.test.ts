/** Api.User → GroupMember, with plain Api.User-shaped objects and with GramJS's own classes. */
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import { describe, expect, it } from 'vitest';
import { TelegramGroupError } from '#api/telegram-group/errors.ts';
import { gramUserToMember } from '#api/telegram-group/gramjs-member.ts';
import { gramUser } from './gram-fakes.ts';

describe('gramUserToMember', () => {
  it('maps the fields and turns the BigInteger id into a number', () => {
    const user = gramUser('5123456701', {
      firstName: 'Анна',
      lastName: 'Смирнова',
      username: 'anna_smirnova',
      phone: '79161234501',
      bot: false,
      deleted: false,
    });
    expect(gramUserToMember(user)).toEqual({
      telegramId: 5123456701,
      firstName: 'Анна',
      lastName: 'Смирнова',
      username: 'anna_smirnova',
      phone: '+79161234501',
    });
  });

  it('keeps phones international, so a +84 number is never read as a Russian 8… one', () => {
    expect(gramUserToMember(gramUser(1, { phone: '84912345678' })).phone).toBe('+84912345678');
  });

  it('takes the active collectible username when `username` is empty', () => {
    const user = gramUser(7012345605, {
      firstName: 'Ольга',
      username: null,
      usernames: [
        { username: 'old_olga', active: false },
        { username: 'olga_morozova', active: true },
      ],
    });
    expect(gramUserToMember(user)).toEqual({
      telegramId: 7012345605,
      firstName: 'Ольга',
      username: 'olga_morozova',
    });
  });

  it('flags bots and deleted accounts (the importer skips them)', () => {
    expect(
      gramUserToMember(gramUser(6012345606, { firstName: 'Курс Бот', bot: true })),
    ).toMatchObject({ isBot: true });
    expect(gramUserToMember(gramUser(5123456707, { deleted: true }))).toEqual({
      telegramId: 5123456707,
      firstName: '',
      deleted: true,
    });
    expect(
      gramUserToMember({ className: 'UserEmpty', id: returnBigInt(5123456708) }),
    ).toMatchObject({ deleted: true });
  });

  it('refuses an id beyond 2^53 − 1 instead of rounding it onto another person', () => {
    expect(() => gramUserToMember(gramUser('9007199254740993', { firstName: 'Слишком' }))).toThrow(
      TelegramGroupError,
    );
    expect(() => gramUserToMember(gramUser('9007199254740993'))).toThrow(
      'Telegram returned a member whose id 9007199254740993 is larger than 2^53 − 1',
    );
  });

  it("reads GramJS's real Api.User objects the same way", () => {
    const user = new Api.User({
      id: returnBigInt('5123456702'),
      firstName: 'Дмитрий',
      lastName: 'Козлов',
      phone: '79161234502',
      usernames: [new Api.Username({ username: 'd_kozlov', active: true })],
    });
    expect(gramUserToMember(user)).toEqual({
      telegramId: 5123456702,
      firstName: 'Дмитрий',
      lastName: 'Козлов',
      username: 'd_kozlov',
      phone: '+79161234502',
    });
    expect(
      gramUserToMember(new Api.User({ id: returnBigInt(42), bot: true, firstName: 'Helper' })),
    ).toMatchObject({ telegramId: 42, isBot: true });
  });
});
