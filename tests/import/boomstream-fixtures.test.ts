/** Each committed fixture layout read end to end (no database): encoding, delimiter, columns, rows. */
import { describe, expect, it } from 'vitest';
import { readBoomstreamCsv } from '#api/import/boomstream-users.ts';
import { fixture } from './support/fixtures.ts';
import { encodeWindows1251 } from './support/windows-1251.ts';

const summary = (read: ReturnType<typeof readBoomstreamCsv>) => ({
  encoding: read.encoding,
  bom: read.bom,
  delimiter: read.delimiter,
  hasHeader: read.layout.hasHeader,
  rejected: read.rejected.length,
});

describe('CSV fixtures', () => {
  it('English headers, commas, UTF-8: quoted cells, doubled quotes, spaces trimmed, leading zeros kept', () => {
    const read = readBoomstreamCsv(fixture('users-en-comma.csv'));
    expect(summary(read)).toEqual({
      encoding: 'utf-8',
      bom: false,
      delimiter: ',',
      hasHeader: true,
      rejected: 0,
    });
    expect(read.rows).toEqual([
      {
        line: 2,
        email: 'anna.kuznetsova@example.ru',
        firstName: 'Анна',
        lastName: 'Кузнецова',
        password: '012345678',
      },
      {
        line: 3,
        email: 'dmitry.sokolov@example.com',
        firstName: 'Дмитрий',
        lastName: 'Соколов',
        password: '234567891',
      },
      {
        line: 4,
        email: 'olga.smirnova@example.org',
        firstName: 'Ольга',
        lastName: 'Смирнова-Белова',
        password: '345678912',
      },
      {
        line: 5,
        email: 'pavel.morozov@example.ru',
        firstName: 'Павел "Паша"',
        lastName: 'Морозов',
        password: '000000456',
      },
      {
        line: 6,
        email: 'irina.volkova@example.ru',
        firstName: 'Ирина',
        lastName: 'Волкова',
        password: '987654321',
      },
    ]);
  });

  it('Russian headers, semicolons, UTF-8 with BOM and CRLF; the phone column is ignored', () => {
    const read = readBoomstreamCsv(fixture('users-ru-semicolon-bom.csv'));
    expect(summary(read)).toEqual({
      encoding: 'utf-8',
      bom: true,
      delimiter: ';',
      hasHeader: true,
      rejected: 0,
    });
    expect(read.layout.ignored).toEqual([{ index: 4, header: 'Телефон' }]);
    expect(read.layout.last).toEqual({ index: 0, header: 'Фамилия' });
    expect(read.rows.map((r) => [r.email, r.lastName, r.firstName, r.password])).toEqual([
      ['sergey.lebedev@example.ru', 'Лебедев', 'Сергей', '456789123'],
      ['tatiana.kozlova@example.ru', 'Козлова', 'Татьяна', '001002003'],
      ['nikolai.novikov@example.ru', 'Новиков', 'Николай', '567891234'],
      ['elena.popova@example.ru', 'Попова', 'Елена', '678912345'],
      ['maxim.fedorov@example.ru', 'Фёдоров', 'Максим', '789123456'],
    ]);
  });

  it('the committed Windows-1251 file (Excel on a Russian Windows): not UTF-8, read as Windows-1251', () => {
    const bytes = fixture('users-windows-1251.csv');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const read = readBoomstreamCsv(bytes);
    expect(summary(read)).toEqual({
      encoding: 'windows-1251',
      bom: false,
      delimiter: ';',
      hasHeader: true,
      rejected: 0,
    });
    expect(read.layout.password.header).toBe('Код доступа');
    // The ";;;" lines Excel leaves at the end are not rows.
    expect(read.rows.map((r) => [r.line, r.email, r.firstName, r.lastName, r.password])).toEqual([
      [2, 'yulia.morozova@example.ru', 'Юлия', 'Морозова', '123123123'],
      [3, 'andrey.vasiliev@example.ru', 'Андрей', 'Васильев', '012012012'],
      [4, 'ekaterina.pavlova@example.ru', 'Екатерина', 'Павлова', '321321321'],
      [5, 'artyom.alexeev@example.ru', 'Артём', 'Алексеев', '098765432'],
    ]);
  });

  it('a Windows-1251 file with commas, quotes and errors reports Cyrillic headers correctly', () => {
    const text =
      'Электронная почта,"Фамилия, имя",Пароль\r\nzhanna@example.ru,"Ёжикова Жанна",11122233\r\nyakov@example.ru,"Щукин Яков",044455566\r\n';
    const read = readBoomstreamCsv(encodeWindows1251(text));
    expect(summary(read)).toEqual({
      encoding: 'windows-1251',
      bom: false,
      delimiter: ',',
      hasHeader: true,
      rejected: 1,
    });
    expect(read.rejected[0]!.message).toBe(
      'line 2, column "Пароль" (3): must be 9 digits, got "11122233" (8 digits)',
    );
    expect(read.rows).toEqual([
      {
        line: 3,
        email: 'yakov@example.ru',
        firstName: 'Яков',
        lastName: 'Щукин',
        password: '044455566',
      },
    ]);
  });

  it('one ФИО column: last name first, the patronymic stays with the first name', () => {
    const read = readBoomstreamCsv(fixture('users-fio.csv'));
    expect(read.layout.fullName).toEqual({ index: 0, header: 'ФИО', order: 'last-first' });
    expect(read.rows.map((r) => [r.lastName, r.firstName, r.password])).toEqual([
      ['Иванов', 'Иван Иванович', '111111111'],
      ['Петрова', 'Мария', '022222222'],
      ['Кузнецов-Чёрный', 'Алексей Петрович', '333333333'],
      ['Сидоров', '', '444444444'],
    ]);
  });

  it('an odd layout is refused without --columns and read with it', () => {
    expect(() => readBoomstreamCsv(fixture('users-odd-layout.csv'))).toThrow(
      /^no email column: the header has "№" \(1\), "Клиент" \(2\), "Контакт" \(3\)/,
    );
    const read = readBoomstreamCsv(fixture('users-odd-layout.csv'), {
      columns: 'email=Контакт,password=Доступ,name=Клиент',
    });
    expect(read.layout.ignored.map((r) => r.header)).toEqual(['№', 'Дата регистрации']);
    expect(read.rows).toEqual([
      {
        line: 2,
        email: 'anna.k@example.ru',
        firstName: 'Анна',
        lastName: 'Кузнецова',
        password: '111222333',
      },
      {
        line: 3,
        email: 'd.sokolov@example.ru',
        firstName: 'Дмитрий',
        lastName: 'Соколов',
        password: '222333444',
      },
      {
        line: 4,
        email: 'olga.s@example.ru',
        firstName: 'Ольга',
        lastName: 'Смирнова',
        password: '033344455',
      },
    ]);
  });

  it('a file without a header row, with --columns by number: line 1 is a student', () => {
    expect(() => readBoomstreamCsv(fixture('users-no-header.csv'))).toThrow(
      /^the first line holds data/,
    );
    const read = readBoomstreamCsv(fixture('users-no-header.csv'), {
      columns: 'email=1,first=2,last=3,password=4',
    });
    expect(summary(read)).toEqual({
      encoding: 'utf-8',
      bom: false,
      delimiter: ',',
      hasHeader: false,
      rejected: 0,
    });
    expect(read.rows[0]).toEqual({
      line: 1,
      email: 'anna.k@example.ru',
      firstName: 'Анна',
      lastName: 'Кузнецова',
      password: '111222333',
    });
    expect(read.rows).toHaveLength(3);
  });

  it('forced encoding and delimiter override detection', () => {
    const read = readBoomstreamCsv(fixture('users-windows-1251.csv'), {
      encoding: 'windows-1251',
      delimiter: ';',
    });
    expect(read.rows).toHaveLength(4);
    // Read with the wrong delimiter, the header is one cell: no email column.
    expect(() => readBoomstreamCsv(fixture('users-windows-1251.csv'), { delimiter: ',' })).toThrow(
      /^no email column: the header has "Почта;Имя;Фамилия;Код доступа" \(1\)/,
    );
  });
});
