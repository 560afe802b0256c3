/**
 * `import telegram-group` and `telegram login` end to end through the real CLI entry, against a
 * temporary SQLite file: the file path fully, the Telegram API path up to its settings checks
 * (the network to Telegram is not part of the tests).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '#api/db/client.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { runCli } from '../support/cli.ts';
import { seedUser, telegramRows, userRows } from './db-helpers.ts';
import { fixture } from './fixtures.ts';

/** Empty values count as unset: the developer's own Telegram settings must not leak in. */
const NO_TELEGRAM = {
  TELEGRAM_API_ID: '',
  TELEGRAM_API_HASH: '',
  TELEGRAM_SESSION: '',
  TELEGRAM_GROUP: '',
};
const API = { TELEGRAM_API_ID: '123456', TELEGRAM_API_HASH: '0123456789abcdef0123456789abcdef' };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'course-tg-group-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
/** A fresh database file per test, optionally with students in it. */
async function databaseFile(
  emails: { email: string; telegramId?: number }[] = [],
): Promise<string> {
  const file = path.join(dir, `app-${(counter += 1)}.db`);
  const database = openDatabase(`file:${file}`);
  try {
    await migrateDatabase(database);
    for (const { email, telegramId } of emails) await seedUser(database, email, { telegramId });
  } finally {
    await database.close();
  }
  return file;
}

async function read<T>(
  file: string,
  query: (database: ReturnType<typeof openDatabase>) => Promise<T>,
): Promise<T> {
  const database = openDatabase(`file:${file}`);
  try {
    return await query(database);
  } finally {
    await database.close();
  }
}

const cli = (args: string[], file: string, env: Record<string, string> = {}) =>
  runCli(args, { env: { ...NO_TELEGRAM, DATABASE_URL: `file:${file}`, ...env } });
const lines = (text: string): string[] => text.split('\n').filter(Boolean);

describe('import telegram-group <file>', () => {
  it('imports a JSON export, links by telegram_id, phone and username, and is idempotent', async () => {
    const db = await databaseFile([
      { email: 'mnovikov@example.ru', telegramId: 5123456704 },
      { email: 'anna.smirnova@example.ru' },
      { email: 'dkozlov@example.ru' },
      { email: 'katya.volkova@example.ru' },
    ]);
    const args = [
      'import',
      'telegram-group',
      fixture('members.json'),
      '--match',
      fixture('match.csv'),
    ];
    const first = cli(args, db);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    // Linked: Михаил by his telegram_id, Анна by username, Дмитрий by phone (8… in the match file), Екатерина by both.
    expect(lines(first.stdout)).toEqual([
      'members 7 (bots/deleted skipped 2), new 5, updated 0, linked 4, ambiguous 0',
    ]);
    const users = await read(db, userRows);
    expect(users.map((u) => [u.email, u.telegramId])).toEqual([
      ['mnovikov@example.ru', 5123456704],
      ['anna.smirnova@example.ru', 5123456701],
      ['dkozlov@example.ru', 5123456702],
      ['katya.volkova@example.ru', 5123456703],
    ]);
    const rows = await read(db, telegramRows);
    expect(rows.map((r) => [r.telegramId, r.firstName, r.username, r.phone, r.userId])).toEqual([
      [5123456701, 'Анна', 'anna_smirnova', null, users[1]!.id],
      [5123456702, 'Дмитрий', null, '+79161234502', users[2]!.id],
      [5123456703, 'Екатерина', 'Katya_Volkova', '+79031234503', users[3]!.id],
      [5123456704, 'Михаил', 'mnovikov', null, users[0]!.id],
      [7012345605, 'Ольга', 'olga_morozova', null, null],
    ]);
    const second = cli(args, db);
    expect({ code: second.code, stdout: lines(second.stdout) }).toEqual({
      code: 0,
      stdout: ['members 7 (bots/deleted skipped 2), new 0, updated 0, linked 0, ambiguous 0'],
    });
    expect(await read(db, telegramRows)).toEqual(rows);
  });

  it('imports a semicolon CSV from an admin tool and reports what it could not link', async () => {
    const db = await databaseFile([{ email: 's.lebedev@example.ru', telegramId: 5999999999 }]);
    const result = cli(
      [
        'import',
        'telegram-group',
        fixture('members-admin-tool.csv'),
        '--match',
        fixture('match.csv'),
      ],
      db,
    );
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([
      'not linked: member 5123456711 (@s_lebedev, Сергей Лебедев) matches s.lebedev@example.ru by phone, but that student is already linked to Telegram id 5999999999',
      'members 4 (bots/deleted skipped 0), new 4, updated 0, linked 0, ambiguous 0',
    ]);
    expect((await read(db, telegramRows)).map((r) => r.phone)).toEqual([
      '+79161234511',
      null,
      '+79031234513',
      null,
    ]);
  });

  it('--dry-run prints the same summary and writes nothing, not even a new database file', async () => {
    const db = await databaseFile([{ email: 'dkozlov@example.ru' }]);
    const dry = cli(['import', 'telegram-group', fixture('members.csv'), '--dry-run'], db);
    expect({ code: dry.code, stdout: lines(dry.stdout) }).toEqual({
      code: 0,
      stdout: [
        'dry run: nothing written',
        'members 3 (bots/deleted skipped 0), new 3, updated 0, linked 0, ambiguous 0',
      ],
    });
    expect(await read(db, telegramRows)).toEqual([]);
    const missing = path.join(dir, 'never-created.db');
    expect(
      cli(['import', 'telegram-group', fixture('members.csv'), '--dry-run'], missing).code,
    ).toBe(0);
    expect(existsSync(missing)).toBe(false);
  });

  it('rejects a bad record with its line and field, and writes nothing', async () => {
    const db = await databaseFile();
    expect(cli(['import', 'telegram-group', fixture('members.csv')], db).code).toBe(0);
    const before = await read(db, telegramRows);
    const csv = cli(['import', 'telegram-group', fixture('bad-members.csv')], db);
    expect(csv.code).toBe(1);
    expect(lines(csv.stderr)).toEqual([
      `error: ${fixture('bad-members.csv')}: line 5: id: must be a Telegram user id (a positive whole number), got "12a45"`,
    ]);
    const json = cli(['import', 'telegram-group', fixture('bad-members.json')], db);
    expect(json.code).toBe(1);
    expect(lines(json.stderr)).toEqual([
      `error: ${fixture('bad-members.json')}: [2].phone: "позвонить вечером" is not a phone number with a country code`,
    ]);
    const match = cli(
      ['import', 'telegram-group', fixture('members.json'), '--match', fixture('bad-match.csv')],
      db,
    );
    expect(match.code).toBe(1);
    expect(lines(match.stderr)).toEqual([
      `error: ${fixture('bad-match.csv')}: line 3: email: "dkozlov(at)example.ru" is not an email address`,
    ]);
    expect(await read(db, telegramRows)).toEqual(before);
  });

  it('refuses --group with a file (the file is the group)', async () => {
    const result = cli(
      ['import', 'telegram-group', fixture('members.csv'), '--group', '@python_course_chat'],
      await databaseFile(),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: --group is for the Telegram API import; with a file, the file is the group\n',
    );
  });

  it('says which file it cannot read', async () => {
    const file = path.join(dir, 'members.xlsx');
    writeFileSync(file, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe]));
    const result = cli(['import', 'telegram-group', file], await databaseFile());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: ${file}: not UTF-8 text; save it as "CSV UTF-8" (or JSON) and try again\n`,
    );
  });
});

describe('import telegram-group through the Telegram API', () => {
  it('names every missing setting', async () => {
    const result = cli(['import', 'telegram-group'], await databaseFile());
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    for (const name of [
      'TELEGRAM_API_ID',
      'TELEGRAM_API_HASH',
      'TELEGRAM_SESSION',
      'TELEGRAM_GROUP',
    ])
      expect(result.stderr).toContain(name);
  });

  it('names the session, or the group, when only that is missing', async () => {
    const db = await databaseFile();
    const noSession = cli(['import', 'telegram-group', '--group', '@python_course_chat'], db, API);
    expect(noSession.code).toBe(1);
    expect(noSession.stderr).toMatch(
      /^error: the Telegram API import needs TELEGRAM_SESSION \(create it with "npm run cli -- telegram login"\)/,
    );
    const noGroup = cli(['import', 'telegram-group'], db, { ...API, TELEGRAM_SESSION: '1AbCdEf' });
    expect(noGroup.stderr).toMatch(
      /^error: the Telegram API import needs TELEGRAM_GROUP \(or --group @name\)/,
    );
    const halfApi = cli(['import', 'telegram-group'], db, { TELEGRAM_API_ID: '123456' });
    expect(halfApi.code).toBe(1);
    expect(halfApi.stderr).toContain('TELEGRAM_API_HASH: is required when TELEGRAM_API_ID is set');
  });

  it('refuses a session string that is not one, without echoing it', async () => {
    const result = cli(
      ['import', 'telegram-group', '--group', '@python_course_chat'],
      await databaseFile(),
      { ...API, TELEGRAM_SESSION: 'not-a-session-secret-value' },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: TELEGRAM_SESSION is not a GramJS session string: create one with "npm run cli -- telegram login"\n',
    );
    expect(result.stdout + result.stderr).not.toContain('not-a-session-secret-value');
  });
});

describe('telegram login', () => {
  it('needs TELEGRAM_API_ID and TELEGRAM_API_HASH', async () => {
    const result = cli(['telegram', 'login'], await databaseFile());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: TELEGRAM_API_ID and TELEGRAM_API_HASH (an app from https://my.telegram.org → API development tools) are not set\n',
    );
  });

  it('is listed beside the other telegram commands, as is the import', () => {
    const help = runCli(['--help']).stdout;
    expect(help).toMatch(/\n {2}telegram login +Sign a Telegram account in/);
    expect(help).toMatch(/\n {2}telegram check-login +/);
    expect(help).toMatch(/\n {2}import telegram-group +Import the Telegram group's members/);
    expect(runCli(['telegram', 'login', '--help']).stdout).toContain('TELEGRAM_SESSION=<string>');
  });
});
