/**
 * The database side of the import, on every dialect: create, upsert, unchanged, dry run,
 * --skip-invalid, and that a rejected or refused import leaves the users exactly as they were.
 */
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '#api/crypto/password-hash.ts';
import { ImportError } from '#api/import/import-error.ts';
import { dialects } from '../support/databases.ts';
import {
  actions,
  freshDatabases,
  importCsv,
  refuseEmail,
  snapshotUsers,
  userByEmail,
} from './support/database.ts';
import { fixture } from './support/fixtures.ts';

const SEED = `Email,Имя,Фамилия,Пароль
anna.kuznetsova@example.ru,Анна,Кузнецова,012345678
dmitry.sokolov@example.ru,Дмитрий,Соколов,234567891
olga.smirnova@example.ru,Ольга,Смирнова,345678912
pavel.morozov@example.ru,Павел,Морозов,000000456
`;

const NOW = new Date('2025-03-01T09:00:00.000Z');
const LATER = new Date('2025-03-02T09:00:00.000Z');

async function rejection(promise: Promise<unknown>): Promise<ImportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

for (const dialect of dialects) {
  describe(`Boomstream users import (${dialect.name})`, () => {
    const fresh = freshDatabases();

    it('creates users: email lower-cased, names trimmed, the password only as a hash (leading zeros kept)', async () => {
      const database = await fresh(dialect.create);
      const result = await importCsv(database, fixture('users-en-comma.csv'), { now: NOW });
      expect(result.counts).toEqual({ created: 5, updated: 0, unchanged: 0, rejected: 0 });
      expect(result.written).toBe(true);
      const users = await snapshotUsers(database);
      expect(users.map((u) => [u.email, u.firstName, u.lastName])).toEqual([
        ['anna.kuznetsova@example.ru', 'Анна', 'Кузнецова'],
        ['dmitry.sokolov@example.com', 'Дмитрий', 'Соколов'],
        ['olga.smirnova@example.org', 'Ольга', 'Смирнова-Белова'],
        ['pavel.morozov@example.ru', 'Павел "Паша"', 'Морозов'],
        ['irina.volkova@example.ru', 'Ирина', 'Волкова'],
      ]);
      for (const user of users) {
        expect(user.boomPassword).toMatch(/^scrypt\$/);
        expect(user.createdAt).toEqual(NOW);
        expect(user.updatedAt).toEqual(NOW);
      }
      const pavel = await userByEmail(database, 'pavel.morozov@example.ru');
      expect(await verifyPassword('000000456', pavel.boomPassword)).toBe(true);
      expect(await verifyPassword('456', pavel.boomPassword)).toBe(false);
      const anna = await userByEmail(database, 'anna.kuznetsova@example.ru');
      expect(await verifyPassword('012345678', anna.boomPassword)).toBe(true);
      expect(await verifyPassword('12345678', anna.boomPassword)).toBe(false);
    });

    it('importing the same file again changes nothing and counts every row unchanged', async () => {
      const database = await fresh(dialect.create);
      await importCsv(database, SEED, { now: NOW });
      const before = await snapshotUsers(database);
      const again = await importCsv(database, SEED, { now: LATER });
      expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 4, rejected: 0 });
      expect(again.written).toBe(false);
      expect(await snapshotUsers(database)).toEqual(before);
    });

    it('upserts by email whatever its case: names and password updated, the old password stops working', async () => {
      const database = await fresh(dialect.create);
      await importCsv(database, SEED, { now: NOW });
      const before = await snapshotUsers(database);
      const result = await importCsv(
        database,
        `E-mail;Имя;Фамилия;Пароль
ANNA.Kuznetsova@Example.RU;Анна;Кузнецова;012345678
dmitry.sokolov@example.ru;Дмитрий;Соколов-Белый;234567891
olga.smirnova@example.ru;Ольга;Смирнова;999888777
Pavel.Morozov@example.ru;Паша;Морозов;000000457
irina.volkova@example.ru;Ирина;Волкова;100200300
`,
        { now: LATER },
      );
      expect(result.counts).toEqual({ created: 1, updated: 3, unchanged: 1, rejected: 0 });
      expect(actions(result)).toEqual({
        'anna.kuznetsova@example.ru': 'unchanged',
        'dmitry.sokolov@example.ru': 'updated: last name',
        'olga.smirnova@example.ru': 'updated: password',
        'pavel.morozov@example.ru': 'updated: first name, password',
        'irina.volkova@example.ru': 'created',
      });
      const after = await snapshotUsers(database);
      // Updated in place: same ids, same created_at; a new id for the new user.
      expect(after.map((u) => [u.id, u.createdAt])).toEqual([
        ...before.map((u) => [u.id, u.createdAt]),
        [expect.any(Number), LATER],
      ]);
      const anna = await userByEmail(database, 'anna.kuznetsova@example.ru');
      expect(anna).toEqual(before[0]);
      const dmitry = await userByEmail(database, 'dmitry.sokolov@example.ru');
      expect([dmitry.lastName, dmitry.boomPassword, dmitry.updatedAt]).toEqual([
        'Соколов-Белый',
        before[1]!.boomPassword,
        LATER,
      ]);
      const olga = await userByEmail(database, 'olga.smirnova@example.ru');
      expect(await verifyPassword('999888777', olga.boomPassword)).toBe(true);
      expect(await verifyPassword('345678912', olga.boomPassword)).toBe(false);
      const pavel = await userByEmail(database, 'pavel.morozov@example.ru');
      expect(pavel.firstName).toBe('Паша');
      expect(await verifyPassword('000000457', pavel.boomPassword)).toBe(true);
      expect(await verifyPassword('000000456', pavel.boomPassword)).toBe(false);
    });

    it('gives a password to an account that had none, and leaves names alone when the file has no name column', async () => {
      const database = await fresh(dialect.create);
      await database.db.insert(database.t.users).values({
        email: 'tg.student@example.ru',
        telegramId: 700_100_200,
        firstName: 'Аня',
        lastName: '',
      });
      const result = await importCsv(
        database,
        'Email,Код\ntg.student@example.ru,050607080\nnew.one@example.ru,111111111\n',
      );
      expect(actions(result)).toEqual({
        'tg.student@example.ru': 'updated: password',
        'new.one@example.ru': 'created',
      });
      const student = await userByEmail(database, 'tg.student@example.ru');
      expect([student.firstName, student.lastName, Number(student.telegramId)]).toEqual([
        'Аня',
        '',
        700_100_200,
      ]);
      expect(await verifyPassword('050607080', student.boomPassword)).toBe(true);
      expect((await userByEmail(database, 'new.one@example.ru')).firstName).toBe('');
    });

    it('finds a user whose stored email is not lower-cased yet (an old dump) and lower-cases it', async () => {
      const database = await fresh(dialect.create);
      await database.db
        .insert(database.t.users)
        .values({ email: 'Legacy.Student@Example.RU', firstName: 'Олег', lastName: 'Старый' });
      const result = await importCsv(
        database,
        'Email,Имя,Фамилия,Пароль\nlegacy.student@example.ru,Олег,Старый,123456789\n',
      );
      expect(actions(result)).toEqual({ 'legacy.student@example.ru': 'updated: email, password' });
      const users = await snapshotUsers(database);
      expect(users.map((u) => u.email)).toEqual(['legacy.student@example.ru']);
      expect(await verifyPassword('123456789', users[0]!.boomPassword)).toBe(true);
    });

    it('a dry run writes nothing, hashes nothing, and says what would change', async () => {
      const database = await fresh(dialect.create);
      await importCsv(database, SEED, { now: NOW });
      const before = await snapshotUsers(database);
      const result = await importCsv(
        database,
        'Email,Имя,Фамилия,Пароль\nanna.kuznetsova@example.ru,Анна,Кузнецова,000000000\nnew@example.ru,Новый,Студент,123456789\nbad@example.ru,Плохой,Пароль,123\n',
        { dryRun: true, now: LATER },
      );
      expect(result.written).toBe(false);
      expect(result.counts).toEqual({ created: 1, updated: 1, unchanged: 0, rejected: 1 });
      expect(actions(result)).toEqual({
        'anna.kuznetsova@example.ru': 'updated: password',
        'new@example.ru': 'created',
      });
      expect(result.planned.every((p) => p.passwordHash === undefined)).toBe(true);
      expect(await snapshotUsers(database)).toEqual(before);
    });

    it('a file with a bad row writes nothing, even the rows that would update existing users', async () => {
      const database = await fresh(dialect.create);
      await importCsv(database, SEED, { now: NOW });
      const before = await snapshotUsers(database);
      const error = await rejection(
        importCsv(
          database,
          'Email,Имя,Фамилия,Пароль\nanna.kuznetsova@example.ru,Анна,Новая,999999999\nnew@example.ru,Новый,Студент,123456789\nolga.smirnova@example.ru,Ольга,Смирнова,1234\n',
          { now: LATER },
        ),
      );
      expect(error.message).toBe(
        '1 of 3 row(s) are invalid: nothing was written (fix them, or pass --skip-invalid to import the other 2)',
      );
      expect(error.details).toEqual([
        'line 4, column "Пароль" (4): must be 9 digits, got "1234" (4 digits)',
      ]);
      expect(await snapshotUsers(database)).toEqual(before);
    });

    it('--skip-invalid writes the valid rows only', async () => {
      const database = await fresh(dialect.create);
      const result = await importCsv(database, fixture('users-broken.csv'), { skipInvalid: true });
      expect(result.counts).toEqual({ created: 4, updated: 0, unchanged: 0, rejected: 13 });
      expect((await snapshotUsers(database)).map((u) => u.email)).toEqual([
        'anna.kuznetsova@example.ru',
        'olga.smirnova@example.ru',
        'elena.popova@example.ru',
        'ekaterina.pavlova@example.ru',
      ]);
      const olga = await userByEmail(database, 'olga.smirnova@example.ru');
      // The first of the two "Olga" rows (line 4) is the one written; line 11 was the duplicate.
      expect(await verifyPassword('345678912', olga.boomPassword)).toBe(true);
    });

    it('a row the database refuses in a later insert rolls back every row before it', async () => {
      const database = await fresh(dialect.create);
      await importCsv(database, SEED, { now: NOW });
      const before = await snapshotUsers(database);
      await refuseEmail(database, 'refused@example.ru');
      const rows = ['a', 'b', 'c', 'd'].map(
        (x, i) => `new.${x}@example.ru,Имя,Фамилия,10000000${i}`,
      );
      const text = `Email,Имя,Фамилия,Пароль\n${[...rows.slice(0, 3), 'refused@example.ru,Имя,Фамилия,100000009', rows[3]].join('\n')}\n`;
      const error = await rejection(importCsv(database, text, { rowsPerInsert: 2, now: LATER }));
      expect(error.message).toBe(
        'the database refused the rows of lines 4–5: refused by the test trigger; nothing was written',
      );
      expect(await snapshotUsers(database)).toEqual(before);
    });

    it('an update the database refuses in the middle rolls back the inserts and updates before it', async () => {
      const database = await fresh(dialect.create);
      await importCsv(database, SEED, { now: NOW });
      const before = await snapshotUsers(database);
      await refuseEmail(database, 'olga.smirnova@example.ru');
      const text = `Email,Имя,Фамилия,Пароль
new.one@example.ru,Новый,Студент,123456789
anna.kuznetsova@example.ru,Анна,Петрова,012345678
dmitry.sokolov@example.ru,Дмитрий,Соколов,111111111
olga.smirnova@example.ru,Оля,Смирнова,345678912
pavel.morozov@example.ru,Павел,Морозов-Младший,000000456
`;
      const error = await rejection(importCsv(database, text, { now: LATER }));
      expect(error.message).toBe(
        'the database refused line 5 (olga.smirnova@example.ru): refused by the test trigger; nothing was written',
      );
      expect(await snapshotUsers(database)).toEqual(before);
    });

    it('imports the Windows-1251 and the semicolon + BOM files, and a layout given by --columns', async () => {
      const database = await fresh(dialect.create);
      expect((await importCsv(database, fixture('users-windows-1251.csv'))).counts.created).toBe(4);
      expect(
        (await importCsv(database, fixture('users-ru-semicolon-bom.csv'))).counts.created,
      ).toBe(5);
      expect(
        (
          await importCsv(database, fixture('users-odd-layout.csv'), {
            columns: 'email=Контакт,password=Доступ,name=Клиент',
          })
        ).counts.created,
      ).toBe(3);
      const artyom = await userByEmail(database, 'artyom.alexeev@example.ru');
      expect([artyom.firstName, artyom.lastName]).toEqual(['Артём', 'Алексеев']);
      expect(await verifyPassword('098765432', artyom.boomPassword)).toBe(true);
      const maxim = await userByEmail(database, 'maxim.fedorov@example.ru');
      expect([maxim.firstName, maxim.lastName]).toEqual(['Максим', 'Фёдоров']);
      const tatiana = await userByEmail(database, 'tatiana.kozlova@example.ru');
      expect(await verifyPassword('001002003', tatiana.boomPassword)).toBe(true);
      const olga = await userByEmail(database, 'olga.s@example.ru');
      expect([olga.firstName, olga.lastName]).toEqual(['Ольга', 'Смирнова']);
      expect(await verifyPassword('033344455', olga.boomPassword)).toBe(true);
    });

    it('people with one name (or none) are imported; an empty name never blanks a stored one', async () => {
      const database = await fresh(dialect.create);
      const result = await importCsv(database, fixture('users-one-name.csv'), { now: NOW });
      expect(result.counts).toEqual({ created: 4, updated: 0, unchanged: 0, rejected: 0 });
      expect(
        (await snapshotUsers(database)).map((u) => [u.email, u.firstName, u.lastName]),
      ).toEqual([
        ['anna@example.ru', 'Анна', 'Кузнецова'],
        ['maria@example.ru', 'Мария', ''],
        ['sidorov@example.ru', '', 'Сидоров'],
        ['noname@example.ru', '', ''],
      ]);
      // Anna's names known already; a later file without them leaves them as they are.
      const again = await importCsv(
        database,
        'Имя;Фамилия;Email;Пароль\n;;anna@example.ru;012345678\n',
        { now: LATER },
      );
      expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
      const anna = await userByEmail(database, 'anna@example.ru');
      expect([anna.firstName, anna.lastName]).toEqual(['Анна', 'Кузнецова']);
    });

    it('a file without a password column, or a row missing a cell, is still refused with where and what', async () => {
      const database = await fresh(dialect.create);
      const noColumn = await rejection(
        Promise.resolve().then(() => importCsv(database, fixture('users-no-password-column.csv'))),
      );
      expect(noColumn.message).toMatch(
        /^no password column: the header has "Имя" \(1\), "Фамилия" \(2\), "Email" \(3\);/,
      );
      const shortRow = await rejection(
        Promise.resolve().then(() =>
          importCsv(database, 'Имя;Фамилия;Email;Пароль\nМария;maria@example.ru;111222333\n'),
        ),
      );
      expect(shortRow.details).toEqual(['line 2: 3 cell(s), the header has 4']);
      expect(await snapshotUsers(database)).toEqual([]);
    });
  });
}
