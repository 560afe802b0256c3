/**
 * The importer on both dialects, fed by in-memory members (the MemberSource boundary): the
 * upsert, the linking rules, what is left unlinked and why, idempotence, dry runs, atomicity.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database, Db } from '#api/db/client.ts';
import { gramJsMemberSource } from '#api/telegram-group/gramjs-source.ts';
import {
  memberList,
  type GroupMember,
  type MemberSource,
} from '#api/telegram-group/group-member.ts';
import {
  collectMembers,
  formatSummary,
  importMembers,
} from '#api/telegram-group/import-members.ts';
import { parseMatchCsv } from '#api/telegram-group/match-list.ts';
import { dialects, type TestDatabase } from '../support/databases.ts';
import { clearTables, seedUser, telegramRows, userRows } from './db-helpers.ts';
import { fakeGramClient, gramUser } from './gram-fakes.ts';

const anna: GroupMember = {
  telegramId: 5123456701,
  firstName: 'Анна',
  lastName: 'Смирнова',
  username: 'Anna_Smirnova',
};
const dmitry: GroupMember = {
  telegramId: 5123456702,
  firstName: 'Дмитрий',
  lastName: 'Козлов',
  phone: '+79161234502',
};
const katya: GroupMember = {
  telegramId: 5123456703,
  firstName: 'Екатерина',
  lastName: 'Волкова',
  username: 'katya_volkova',
  phone: '+79031234503',
};
const bot: GroupMember = {
  telegramId: 6012345606,
  firstName: 'Курс Бот',
  username: 'course_helper_bot',
  isBot: true,
};
const gone: GroupMember = { telegramId: 5123456707, firstName: '', deleted: true };

const match = (csv: string) => parseMatchCsv(`email;phone;username\n${csv}`, 'match.csv');

describe.each(dialects)('importMembers on $name', ({ create }) => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    test = await create();
    database = test.database;
  });
  afterAll(() => test?.dispose());
  beforeEach(() => clearTables(database));

  it('upserts members, skips bots and deleted accounts, and sums up', async () => {
    const report = await importMembers(
      database,
      memberList([anna, dmitry, bot, gone]),
      '@python_course_chat',
    );
    expect(report).toMatchObject({
      members: 4,
      skipped: 2,
      created: 2,
      updated: 0,
      linked: 0,
      ambiguous: 0,
      notes: [],
    });
    expect(formatSummary(report)).toBe(
      'members 4 (bots/deleted skipped 2), new 2, updated 0, linked 0, ambiguous 0',
    );
    expect(await telegramRows(database)).toEqual([
      expect.objectContaining({
        telegramId: 5123456701,
        firstName: 'Анна',
        lastName: 'Смирнова',
        username: 'Anna_Smirnova',
        phone: null,
        userId: null,
      }),
      expect.objectContaining({
        telegramId: 5123456702,
        firstName: 'Дмитрий',
        lastName: 'Козлов',
        username: null,
        phone: '+79161234502',
        userId: null,
      }),
    ]);
  });

  it('imports what the GramJS source yields: Api.User-shaped users, phones as Telegram gives them', async () => {
    const userId = await seedUser(database, 'dkozlov@example.ru');
    const { client } = fakeGramClient({
      className: 'Channel',
      id: '-1001987654321',
      username: 'python_course_chat',
      members: [
        gramUser('5123456702', { firstName: 'Дмитрий', lastName: 'Козлов', phone: '79161234502' }),
        gramUser('5123456701', {
          firstName: 'Анна',
          usernames: [{ username: 'anna_smirnova', active: true }],
        }),
        gramUser('6012345606', { firstName: 'Курс Бот', bot: true }),
      ],
    });
    const source = gramJsMemberSource(
      { apiId: 1, apiHash: '0123456789abcdef0123456789abcdef', session: '' },
      { pageSize: 2, client: () => client },
    );
    const report = await importMembers(database, source, '@python_course_chat', {
      matches: match('dkozlov@example.ru;8 916 123 45 02;'),
    });
    expect(formatSummary(report)).toBe(
      'members 3 (bots/deleted skipped 1), new 2, updated 0, linked 1, ambiguous 0',
    );
    expect(
      (await telegramRows(database)).map((r) => [r.telegramId, r.username, r.phone, r.userId]),
    ).toEqual([
      [5123456701, 'anna_smirnova', null, null],
      [5123456702, null, '+79161234502', userId],
    ]);
  });

  it('stores the largest exact id (2^53 − 1) without losing a digit', async () => {
    await importMembers(
      database,
      memberList([{ telegramId: Number.MAX_SAFE_INTEGER, firstName: 'Макс' }]),
      'g',
    );
    expect((await telegramRows(database)).map((r) => r.telegramId)).toEqual([
      Number.MAX_SAFE_INTEGER,
    ]);
  });

  it('links a member to the account that already has their telegram_id, leaving the account as it is', async () => {
    const userId = await seedUser(database, 'anna.smirnova@example.ru', {
      telegramId: anna.telegramId,
    });
    const before = await userRows(database);
    const report = await importMembers(database, memberList([anna, dmitry]), 'g');
    expect(report).toMatchObject({ created: 2, linked: 1 });
    expect((await telegramRows(database)).map((r) => [r.telegramId, r.userId])).toEqual([
      [anna.telegramId, userId],
      [dmitry.telegramId, null],
    ]);
    expect(await userRows(database)).toEqual(before);
  });

  it('links by phone from the match file, reading 8XXXXXXXXXX as +7', async () => {
    const userId = await seedUser(database, 'dkozlov@example.ru');
    const report = await importMembers(database, memberList([dmitry]), 'g', {
      matches: match('DKozlov@Example.ru;8 (916) 123-45-02;'),
    });
    expect(report).toMatchObject({ linked: 1, ambiguous: 0, conflicts: 0 });
    expect((await userRows(database))[0]).toMatchObject({
      id: userId,
      telegramId: dmitry.telegramId,
    });
    expect((await telegramRows(database))[0]).toMatchObject({
      telegramId: dmitry.telegramId,
      userId,
    });
  });

  it('links by @username, whatever its case', async () => {
    const userId = await seedUser(database, 'anna.smirnova@example.ru');
    await importMembers(database, memberList([anna]), 'g', {
      matches: match('anna.smirnova@example.ru;;@anna_SMIRNOVA'),
    });
    expect((await userRows(database))[0]).toMatchObject({
      id: userId,
      telegramId: anna.telegramId,
    });
    expect((await telegramRows(database))[0]?.userId).toBe(userId);
  });

  it('leaves a member who matches two students unlinked, and says so', async () => {
    await seedUser(database, 'katya.volkova@example.ru');
    await seedUser(database, 'mama.volkova@example.ru');
    const report = await importMembers(database, memberList([katya]), 'g', {
      matches: match(
        'katya.volkova@example.ru;;katya_volkova\nmama.volkova@example.ru;+7 903 123-45-03;',
      ),
    });
    expect(report).toMatchObject({ linked: 0, ambiguous: 1 });
    expect(report.notes).toEqual([
      'ambiguous: member 5123456703 (@katya_volkova, Екатерина Волкова) matches 2 students: mama.volkova@example.ru by phone, katya.volkova@example.ru by username; not linked',
    ]);
    expect((await userRows(database)).map((u) => u.telegramId)).toEqual([null, null]);
    expect((await telegramRows(database))[0]?.userId).toBeNull();
  });

  it('treats a phone listed for a second email without an account as ambiguous too', async () => {
    await seedUser(database, 'dkozlov@example.ru');
    const report = await importMembers(database, memberList([dmitry]), 'g', {
      matches: match('dkozlov@example.ru;89161234502;\nkozlov.family@example.ru;+79161234502;'),
    });
    expect(report).toMatchObject({ linked: 0, ambiguous: 1 });
    expect(report.notes[0]).toMatch(
      /^ambiguous: member 5123456702 .* matches 2 students: dkozlov@example.ru by phone, kozlov.family@example.ru \(no account\) by phone; not linked$/,
    );
  });

  it('leaves two members who match one student unlinked, and says so once', async () => {
    await seedUser(database, 'katya.volkova@example.ru');
    const twin: GroupMember = { telegramId: 5123456799, firstName: 'Катя', phone: '+79031234503' };
    const report = await importMembers(
      database,
      memberList([{ ...katya, phone: undefined }, twin]),
      'g',
      { matches: match('katya.volkova@example.ru;+79031234503;katya_volkova') },
    );
    expect(report).toMatchObject({ linked: 0, ambiguous: 2 });
    expect(report.notes).toEqual([
      'ambiguous: student katya.volkova@example.ru is matched by 2 members: 5123456703 (@katya_volkova, Екатерина Волкова); 5123456799 (Катя); not linked',
    ]);
    expect((await userRows(database))[0]?.telegramId).toBeNull();
  });

  it("never replaces a student's different telegram_id", async () => {
    await seedUser(database, 'dkozlov@example.ru', { telegramId: 5999999999 });
    const report = await importMembers(database, memberList([dmitry]), 'g', {
      matches: match('dkozlov@example.ru;+79161234502;'),
    });
    expect(report).toMatchObject({ linked: 0, conflicts: 1, ambiguous: 0 });
    expect(report.notes).toEqual([
      'not linked: member 5123456702 (Дмитрий Козлов) matches dkozlov@example.ru by phone, but that student is already linked to Telegram id 5999999999',
    ]);
    expect((await userRows(database))[0]?.telegramId).toBe(5999999999);
    expect((await telegramRows(database))[0]?.userId).toBeNull();
  });

  it('lists matched emails that have no account yet, without failing', async () => {
    const report = await importMembers(database, memberList([dmitry]), 'g', {
      matches: match('new.student@example.ru;+79161234502;'),
    });
    expect(report).toMatchObject({ created: 1, linked: 0, ambiguous: 0 });
    expect(report.notes).toEqual([
      'no account for 1 matched email(s) from the match file: new.student@example.ru (import the Boomstream users first?)',
    ]);
  });

  it('never replaces a known value with an empty one, and updates what changed', async () => {
    const userId = await seedUser(database, 'katya.volkova@example.ru');
    await database.db.insert(database.t.telegramUsers).values({
      telegramId: katya.telegramId,
      firstName: 'Катя',
      lastName: 'Волкова',
      username: 'katya_volkova',
      phone: '+79031234503',
      languageCode: 'ru',
      userId,
    });
    const report = await importMembers(
      database,
      memberList([{ telegramId: katya.telegramId, firstName: 'Екатерина' }]),
      'g',
    );
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 0, linked: 0 });
    expect((await telegramRows(database))[0]).toMatchObject({
      firstName: 'Екатерина',
      lastName: 'Волкова',
      username: 'katya_volkova',
      phone: '+79031234503',
      languageCode: 'ru',
      userId,
    });
    // The same phone written differently is no change.
    const again = await importMembers(
      database,
      memberList([{ ...katya, phone: '8 903 123 45 03' }]),
      'g',
    );
    expect(again).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it('is idempotent: a second run changes no row and counts nothing new', async () => {
    await seedUser(database, 'anna.smirnova@example.ru', { telegramId: anna.telegramId });
    await seedUser(database, 'dkozlov@example.ru');
    const source = memberList([anna, dmitry, katya, bot]);
    const options = { matches: match('dkozlov@example.ru;89161234502;') };
    const first = await importMembers(database, source, 'g', options);
    expect(formatSummary(first)).toBe(
      'members 4 (bots/deleted skipped 1), new 3, updated 0, linked 2, ambiguous 0',
    );
    const rows = { telegram: await telegramRows(database), users: await userRows(database) };
    const second = await importMembers(database, source, 'g', options);
    expect(formatSummary(second)).toBe(
      'members 4 (bots/deleted skipped 1), new 0, updated 0, linked 0, ambiguous 0',
    );
    expect(second.unchanged).toBe(3);
    expect({ telegram: await telegramRows(database), users: await userRows(database) }).toEqual(
      rows,
    );
  });

  it('dry run: reports what a real run would do and writes nothing', async () => {
    await seedUser(database, 'dkozlov@example.ru');
    const options = { matches: match('dkozlov@example.ru;89161234502;') };
    const before = await userRows(database);
    const dry = await importMembers(database, memberList([anna, dmitry, gone]), 'g', {
      ...options,
      dryRun: true,
    });
    expect(await telegramRows(database)).toEqual([]);
    expect(await userRows(database)).toEqual(before);
    const real = await importMembers(database, memberList([anna, dmitry, gone]), 'g', options);
    expect({ ...dry, dryRun: false }).toEqual(real);
    expect(dry.dryRun).toBe(true);
  });

  it('writes nothing when a write fails half-way (one transaction)', async () => {
    await seedUser(database, 'dkozlov@example.ru');
    await database.db
      .insert(database.t.telegramUsers)
      .values({ telegramId: anna.telegramId, firstName: 'Аня' });
    // The updates (Anna's row, Dmitry's account) go first; the insert of new rows then fails.
    const failing: Database = {
      ...database,
      transaction: (fn) =>
        database.transaction((tx) =>
          fn(
            new Proxy(tx, {
              get: (target, key) =>
                key === 'insert'
                  ? () => {
                      throw new Error('disk full');
                    }
                  : Reflect.get(target, key),
            }) as Db,
          ),
        ),
    };
    await expect(
      importMembers(failing, memberList([anna, dmitry]), 'g', {
        matches: match('dkozlov@example.ru;+79161234502;'),
      }),
    ).rejects.toThrow('disk full');
    expect((await telegramRows(database)).map((r) => [r.telegramId, r.firstName])).toEqual([
      [anna.telegramId, 'Аня'],
    ]);
    expect((await userRows(database))[0]?.telegramId).toBeNull();
  });

  it('writes nothing when the source fails part-way', async () => {
    const source: MemberSource = {
      async *listMembers() {
        yield anna;
        yield dmitry;
        throw new Error('connection lost');
      },
    };
    await expect(importMembers(database, source, 'g')).rejects.toThrow('connection lost');
    expect(await telegramRows(database)).toEqual([]);
  });
});

describe('collectMembers', () => {
  it('counts a member listed twice once, later values filling the gaps', async () => {
    const collected = await collectMembers(
      memberList([
        dmitry,
        { telegramId: dmitry.telegramId, firstName: 'Дима', username: 'dima_k' },
        bot,
        { ...bot, isBot: false },
      ]),
      'g',
    );
    expect(collected).toEqual({
      active: [
        {
          telegramId: dmitry.telegramId,
          firstName: 'Дима',
          lastName: 'Козлов',
          username: 'dima_k',
          phone: '+79161234502',
          isBot: false,
          deleted: false,
        },
      ],
      total: 2,
      skipped: 1,
    });
  });
});
