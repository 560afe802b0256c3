/** The --match file: which email goes with which phone or Telegram username. */
import { describe, expect, it } from 'vitest';
import { parseMatchCsv, readMatchFile } from '#api/telegram-group/match-list.ts';
import { fixture } from './fixtures.ts';

describe('match file', () => {
  it('normalises phones (8… → 7…) and usernames (no @, lower case), emails lower-cased', () => {
    expect(readMatchFile(fixture('match.csv'))).toEqual([
      { email: 'anna.smirnova@example.ru', username: 'anna_smirnova', line: 2 },
      { email: 'dkozlov@example.ru', phone: '79161234502', line: 3 },
      {
        email: 'katya.volkova@example.ru',
        phone: '79031234503',
        username: 'katya_volkova',
        line: 4,
      },
      { email: 's.lebedev@example.ru', phone: '79161234511', line: 5 },
      { email: 'no.account@example.ru', phone: '79000000000', line: 6 },
    ]);
  });

  it('skips students with neither a phone nor a username', () => {
    expect(
      parseMatchCsv('E-mail,Phone\nA.B@Example.ru,\nc@example.ru,+79161234567\n', 'm.csv'),
    ).toEqual([{ email: 'c@example.ru', phone: '79161234567', line: 3 }]);
  });

  it('names the line and column of a bad value', () => {
    expect(() => readMatchFile(fixture('bad-match.csv'))).toThrow(
      `${fixture('bad-match.csv')}: line 3: email: "dkozlov(at)example.ru" is not an email address`,
    );
    expect(() => parseMatchCsv('email,phone\na@example.ru,call me\n', 'm.csv')).toThrow(
      'm.csv: line 2: phone: "call me" is not a phone number with a country code',
    );
    expect(() => parseMatchCsv('email;telegram\na@example.ru;@x y\n', 'm.csv')).toThrow(
      'm.csv: line 2: telegram: "@x y" is not a Telegram username',
    );
    expect(() => parseMatchCsv('email,phone\n,+79161234567\n', 'm.csv')).toThrow(
      'm.csv: line 2: email: is missing',
    );
  });

  it('needs an email column and a phone or username column', () => {
    expect(() => parseMatchCsv('phone\n+79161234567\n', 'm.csv')).toThrow(
      'm.csv: line 1 has no email column (found: phone)',
    );
    expect(() => parseMatchCsv('email,name\na@example.ru,Анна\n', 'm.csv')).toThrow(
      'm.csv: line 1 needs a phone or a username column beside email (found: email, name)',
    );
  });
});
