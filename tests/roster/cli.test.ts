/** `students add|remove|list [--stuck]` in process, on a scratch SQLite file; and the imports fill the roster. */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createPasswordUser } from '#api/auth/users.ts';
import { openDatabase, type Database } from '#api/db/client.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { listLinkedNotInCourse, listRoster, listRosterNeverSignedIn } from '#api/roster/roster.ts';
import { createSession } from '#api/auth/session.ts';
import { useInProcessCli } from '../support/in-process-cli.ts';

const cli = useInProcessCli('course-roster-cli-');

async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase(`file:${cli.dbFile}`);
  try {
    await migrateDatabase(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

describe('students add|remove|list', () => {
  it('adds by email or Telegram id (new accounts when unknown), lists, removes', async () => {
    await withDb((db) =>
      createPasswordUser(db, {
        email: 'anna@example.ru',
        password: '111222333',
        firstName: 'Анна',
      }),
    );
    const added = await cli.run([
      'students',
      'add',
      'ANNA@example.ru',
      'new@example.ru',
      '5000000042',
    ]);
    expect(added).toMatchObject({ code: 0, out: ['added 3 to the roster (2 new accounts)'] });
    const roster = await withDb(listRoster);
    expect(roster.map((r) => [r.email, r.telegramId, r.source])).toEqual([
      ['anna@example.ru', null, 'cli'],
      ['new@example.ru', null, 'cli'],
      [null, 5000000042, 'cli'],
    ]);

    const again = await cli.run(['students', 'add', 'anna@example.ru']);
    expect(again.out).toEqual(['added 0 to the roster (0 new accounts)']);

    const list = await cli.run(['students', 'list']);
    expect(list.code).toBe(0);
    expect(list.out[0]).toBe('id\temail\tname\ttelegram\tstepik\tsource\tadded\tsigned in\tstuck');
    expect(list.out).toHaveLength(4);
    expect(list.out[1]).toMatch(
      /^\d+\tanna@example\.ru\tАнна\t\t\tcli\t.+\t—\tnever signed in, Stepik not linked$/,
    );

    const removed = await cli.run(['students', 'remove', '5000000042']);
    expect(removed).toMatchObject({ code: 0, out: ['removed 1 from the roster'] });
    expect((await withDb(listRoster)).map((r) => r.email)).toEqual([
      'anna@example.ru',
      'new@example.ru',
    ]);
  });

  it('list --stuck leaves out a student who signed in and is found in the Stepik course', async () => {
    await cli.run(['students', 'add', 'ok@example.ru', 'stuck@example.ru', 'missing@example.ru']);
    await withDb(async (db) => {
      const { t } = db;
      const [ok] = await db.db
        .update(t.users)
        .set({ stepikUserId: 1 })
        .where(eq(t.users.email, 'ok@example.ru'))
        .returning();
      await createSession(db, ok!.id);
      const [missing] = await db.db
        .update(t.users)
        .set({ stepikUserId: 2, stepikMissingSince: new Date() })
        .where(eq(t.users.email, 'missing@example.ru'))
        .returning();
      await createSession(db, missing!.id);
      // The staff page's lists.
      expect((await listLinkedNotInCourse(db)).map((u) => u.email)).toEqual(['missing@example.ru']);
      expect((await listRosterNeverSignedIn(db)).map((u) => u.email)).toEqual(['stuck@example.ru']);
    });
    const stuck = await cli.run(['students', 'list', '--stuck']);
    expect(stuck.out.slice(1).map((line) => [line.split('\t')[1], line.split('\t')[8]])).toEqual([
      ['stuck@example.ru', 'never signed in, Stepik not linked'],
      ['missing@example.ru', 'not in the Stepik course'],
    ]);
  });

  it.each([
    [
      ['students', 'add', 'anna@example.ru', 'not-an-email'],
      'not-an-email: not an email or a Telegram id (digits); nothing was changed',
    ],
    [
      ['students', 'remove', 'nobody@example.ru'],
      'nobody@example.ru: no such student; nothing was changed',
    ],
  ])('refuses %j with a one-line reason and changes nothing', async (argv, message) => {
    const result = await cli.run(argv);
    expect(result.code).not.toBe(0);
    expect(result.err).toEqual([`error: ${message}`]);
    expect(await withDb(listRoster)).toEqual([]);
  });

  it('remove refuses someone who is not on the roster', async () => {
    await withDb((db) =>
      createPasswordUser(db, { email: 'off@example.ru', password: '111222333' }),
    );
    const result = await cli.run(['students', 'remove', 'off@example.ru']);
    expect(result).toMatchObject({ code: 1, err: ['error: off@example.ru: not on the roster'] });
  });

  it('has --help', async () => {
    const help = await cli.run(['students', 'list', '--help']);
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toContain('--stuck');
  });
});

describe('the imports fill the roster', () => {
  it('import boomstream-users: every row of the file, with source boomstream', async () => {
    const file = new URL('../fixtures/csv/users-en-comma.csv', import.meta.url).pathname;
    const result = await cli.run(['import', 'boomstream-users', file]);
    expect(result.code).toBe(0);
    const roster = await withDb(listRoster);
    expect(roster.length).toBeGreaterThan(0);
    expect(new Set(roster.map((r) => r.source))).toEqual(new Set(['boomstream']));
    // A second run changes no user, and keeps them all on the roster.
    expect((await cli.run(['import', 'boomstream-users', file])).code).toBe(0);
    expect((await withDb(listRoster)).length).toBe(roster.length);
  });
});

describe('the Telegram group import fills the roster', () => {
  it('a member matched to a student for certain goes on the roster, with source telegram', async () => {
    const dir = new URL('../fixtures/telegram-group/', import.meta.url).pathname;
    await withDb(async (db) => {
      const user = await createPasswordUser(db, {
        email: 'dkozlov@example.ru',
        password: '111222333',
      });
      await db.db
        .update(db.t.users)
        .set({ telegramId: 5123456721 })
        .where(eq(db.t.users.id, user.id));
    });
    const result = await cli.run(['import', 'telegram-group', `${dir}members.csv`]);
    expect(result.code).toBe(0);
    const roster = await withDb(listRoster);
    expect(roster.map((r) => [r.email, r.source])).toEqual([['dkozlov@example.ru', 'telegram']]);
    expect(roster[0]!.telegramId).toBe(5123456721);
  });
});
