/** Members from JSON and CSV files: the shapes tools write, and errors that point at the record. */
import { describe, expect, it } from 'vitest';
import { MemberFileError, TelegramGroupError } from '#api/telegram-group/errors.ts';
import {
  fileMemberSource,
  parseMembersFile,
  readMembersFile,
} from '#api/telegram-group/file-source.ts';
import { fixture } from './fixtures.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function errorOf(run: () => unknown): MemberFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof MemberFileError) return error;
    throw error;
  }
  throw new Error('expected a MemberFileError');
}

describe('JSON members', () => {
  it('reads Bot API, GramJS, table-export and ChatMember shapes, flagging bots and deleted accounts', () => {
    expect(readMembersFile(fixture('members.json'))).toEqual([
      {
        telegramId: 5123456701,
        firstName: 'Анна',
        lastName: 'Смирнова',
        username: 'anna_smirnova',
      },
      { telegramId: 5123456702, firstName: 'Дмитрий', lastName: 'Козлов', phone: '79161234502' },
      {
        telegramId: 5123456703,
        firstName: 'Екатерина',
        lastName: 'Волкова',
        username: 'Katya_Volkova',
        phone: '+7 (903) 123-45-03',
      },
      { telegramId: 5123456704, firstName: 'Михаил', username: 'mnovikov' },
      {
        telegramId: 7012345605,
        firstName: 'Ольга',
        lastName: 'Морозова',
        username: 'olga_morozova',
      },
      { telegramId: 6012345606, firstName: 'Курс Бот', username: 'course_helper_bot', isBot: true },
      { telegramId: 5123456707, firstName: '', deleted: true },
    ]);
  });

  it('accepts the array under "members" or a Bot API "result"', () => {
    expect(
      parseMembersFile(bytes('{"ok":true,"result":[{"id":1,"first_name":"Лев"}]}'), 'admins.json'),
    ).toEqual([{ telegramId: 1, firstName: 'Лев' }]);
    expect(parseMembersFile(bytes('{"members":[{"id":2}]}'), 'export')).toEqual([
      { telegramId: 2, firstName: '' },
    ]);
  });

  it('names the index and the field of a bad record', () => {
    const error = errorOf(() => readMembersFile(fixture('bad-members.json')));
    expect(error.message).toBe(
      `${fixture('bad-members.json')}: [2].phone: "позвонить вечером" is not a phone number with a country code`,
    );
    expect({ where: error.where, field: error.field }).toEqual({ where: '[2]', field: 'phone' });
  });

  it.each([
    ['[{"first_name":"Без id"}]', '[0].id: is missing (expected id, user_id or telegram_id)'],
    [
      '[{"id":1},{"id":"-100123"}]',
      '[1].id: must be a Telegram user id (a positive whole number), got "-100123"',
    ],
    ['[{"id":1,"first_name":42}]', '[0].first_name: must be text, got 42'],
    [
      '[{"id":1,"username":"@ab"}]',
      '[0].username: "@ab" is not a Telegram username (5–32 letters, digits or _)',
    ],
    ['[{"id":1,"is_bot":"maybe"}]', '[0].is_bot: must be true or false, got "maybe"'],
    [
      '[{"status":"member","user":{"id":"x"}}]',
      '[0].user.id: must be a Telegram user id (a positive whole number), got "x"',
    ],
    ['[{"id":1}, 7]', '[1]: must be an object, got 7'],
    [
      '[{"id":9007199254740993}]',
      '[0].id: 9007199254740992 is larger than 2^53 − 1 and cannot be stored exactly',
    ],
  ])('%s → %s', (json, message) => {
    expect(() => parseMembersFile(bytes(json), 'm.json')).toThrow(`m.json: ${message}`);
  });

  it('refuses a file that is not JSON or holds no array', () => {
    expect(() => parseMembersFile(bytes('[{"id":1},'), 'm.json')).toThrow(
      /^m\.json: not valid JSON: /,
    );
    expect(() => parseMembersFile(bytes('{"id":1}'), 'm.json')).toThrow(
      'm.json: expected a JSON array of members',
    );
  });
});

describe('CSV members', () => {
  it('reads a semicolon export with Russian headers, a BOM, quotes and blank rows', () => {
    expect(readMembersFile(fixture('members-admin-tool.csv'))).toEqual([
      {
        telegramId: 5123456711,
        firstName: 'Сергей',
        lastName: 'Лебедев',
        username: 's_lebedev',
        phone: '8 916 123-45-11',
      },
      { telegramId: 5123456712, firstName: 'Наталья', lastName: 'Соколова' },
      {
        telegramId: 5123456713,
        firstName: 'Алексей "Лёша"',
        lastName: 'Попов',
        username: 'alexey_popov',
        phone: '+79031234513',
      },
      { telegramId: 5123456714, firstName: 'Ирина', lastName: 'Кузнецова', username: 'irina_k' },
    ]);
  });

  it('reads a comma file with English headers', () => {
    expect(readMembersFile(fixture('members.csv'))).toEqual([
      {
        telegramId: 5123456721,
        firstName: 'Павел',
        lastName: 'Васильев',
        username: 'pavel_vasiliev',
        phone: '+7 999 123-45-21',
      },
      { telegramId: 5123456722, firstName: 'Мария, преподаватель', lastName: 'Фёдорова' },
      { telegramId: 5123456723, firstName: 'Андрей', username: 'andrey_m' },
    ]);
  });

  it('names the line and the column of a bad record', () => {
    const error = errorOf(() => readMembersFile(fixture('bad-members.csv')));
    expect(error.message).toBe(
      `${fixture('bad-members.csv')}: line 5: id: must be a Telegram user id (a positive whole number), got "12a45"`,
    );
    expect(() => parseMembersFile(bytes('Telegram_ID;Телефон\n1;+7 916\n'), 'm.csv')).toThrow(
      'm.csv: line 2: Телефон: "+7 916" is not a phone number with a country code',
    );
  });

  it('needs an id column, and UTF-8', () => {
    expect(() => parseMembersFile(bytes('имя,фамилия\nАнна,Смирнова\n'), 'm.csv')).toThrow(
      'm.csv: line 1 has no id column (found: имя, фамилия); expected one of id, telegram_id, user_id, tg_id',
    );
    expect(() =>
      parseMembersFile(new Uint8Array([0x69, 0x64, 0x3b, 0xc8, 0xec, 0xff, 0x0a]), 'cp1251.csv'),
    ).toThrow(TelegramGroupError);
  });

  it('tells JSON from CSV by the extension, else by the first character', () => {
    expect(parseMembersFile(bytes(' [{"id": 3}]'), 'export.txt')).toEqual([
      { telegramId: 3, firstName: '' },
    ]);
    expect(parseMembersFile(bytes('id\n4\n'), 'export.txt')).toEqual([
      { telegramId: 4, firstName: '' },
    ]);
  });
});

describe('fileMemberSource', () => {
  it('reads the whole file up front (a bad file fails before any import starts)', async () => {
    expect(() => fileMemberSource(fixture('bad-members.csv'))).toThrow(MemberFileError);
    expect(() => fileMemberSource(fixture('missing.json'))).toThrow(
      `cannot read ${fixture('missing.json')}: no such file`,
    );
    const seen = [];
    for await (const member of fileMemberSource(fixture('members.csv')).listMembers('ignored'))
      seen.push(member.telegramId);
    expect(seen).toEqual([5123456721, 5123456722, 5123456723]);
  });
});
