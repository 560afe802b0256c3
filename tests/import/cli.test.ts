/**
 * `import boomstream-users` end to end: through `main()` against a SQLite file named by
 * DATABASE_URL, and once through the real entry (scripts/bin.mjs) as a child process.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { verifyPassword } from '#api/crypto/password-hash.ts';
import { openDatabase } from '#api/db/client.ts';
import { useInProcessCli } from '../support/in-process-cli.ts';
import { runCli } from '../support/cli.ts';
import { snapshotUsers } from './support/database.ts';
import { fixturePath } from './support/fixtures.ts';

const cli = useInProcessCli('course-import-cli-');
const run = (argv: string[], { interactive = false } = {}): ReturnType<typeof cli.run> =>
  cli.run(['import', 'boomstream-users', ...argv], { interactive });

async function users(): Promise<
  { email: string | null; firstName: string; lastName: string; boomPassword: string | null }[]
> {
  const database = openDatabase(`file:${cli.dbFile}`);
  try {
    return await snapshotUsers(database);
  } finally {
    await database.close();
  }
}

const SUMMARY = /^created (\d+), updated (\d+), unchanged (\d+), rejected (\d+) \(\d+\.\d s\)$/;

describe('import boomstream-users', () => {
  it('is listed, and its help names the recognised headers and the --columns syntax', async () => {
    const top = await cli.run(['--help']);
    expect(top.code).toBe(0);
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    const help = out.join('\n');
    expect(help).toContain(
      'Usage: npm run cli -- import boomstream-users <file.csv> [--dry-run] [--skip-invalid] [--columns MAP]',
    );
    for (const header of [
      'E-mail',
      'Адрес электронной почты',
      'Пароль',
      'Код доступа',
      'Recovery code',
      'Фамилия',
      'ФИО',
      'Имя Фамилия',
    ])
      expect(help).toContain(header);
    expect(help).toContain('--columns email=3,first=1,last=2,password=4');
    expect(help).toContain('--columns email=Почта,password=Код');
  });

  it('imports a file, then counts every row unchanged on the second run', async () => {
    const file = fixturePath('users-ru-semicolon-bom.csv');
    const first = await run([file]);
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.out[0]).toBe(
      `${file}: UTF-8 with BOM, ";", 5 row(s); email "Адрес электронной почты" (3), password "Пароль" (4), first name "Имя" (2), last name "Фамилия" (1); ignored "Телефон" (5)`,
    );
    expect(first.out.at(-1)).toMatch(SUMMARY);
    expect(first.out.at(-1)).toMatch(/^created 5, updated 0, unchanged 0, rejected 0 /);
    const stored = await users();
    expect(stored.map((u) => u.email)).toContain('tatiana.kozlova@example.ru');
    expect(
      await verifyPassword(
        '001002003',
        stored.find((u) => u.email === 'tatiana.kozlova@example.ru')!.boomPassword,
      ),
    ).toBe(true);

    const second = await run([file]);
    expect(second.code).toBe(0);
    expect(second.out.at(-1)).toMatch(/^created 0, updated 0, unchanged 5, rejected 0 /);
  });

  it('refuses a file with bad rows: each on stderr, then a one-line reason; the database is not even created', async () => {
    const file = fixturePath('users-broken.csv');
    const { code, out, err } = await run([file]);
    expect(code).toBe(1);
    expect(out).toHaveLength(1);
    expect(err).toHaveLength(14);
    expect(err[3]).toBe('line 7, column "Пароль" (4): must be 9 digits, got "12345678" (8 digits)');
    expect(err.at(-1)).toBe(
      `error: ${file}: 13 of 17 row(s) are invalid: nothing was written (fix them, or pass --skip-invalid to import the other 4)`,
    );
    expect(existsSync(cli.dbFile)).toBe(false);
  });

  it('--skip-invalid writes the good rows and lists the skipped ones', async () => {
    const { code, out, err } = await run([fixturePath('users-broken.csv'), '--skip-invalid']);
    expect(code).toBe(0);
    expect(err).toHaveLength(13);
    expect(err[0]).toBe(
      'skipped line 3, column "E-mail" (1): not a valid email: "dmitry.sokolov@example"',
    );
    expect(out.at(-1)).toMatch(/^created 4, updated 0, unchanged 0, rejected 13 /);
    expect((await users()).map((u) => u.email)).toEqual([
      'anna.kuznetsova@example.ru',
      'olga.smirnova@example.ru',
      'elena.popova@example.ru',
      'ekaterina.pavlova@example.ru',
    ]);
  });

  it('--dry-run lists what each row would do and writes nothing', async () => {
    expect((await run([fixturePath('users-en-comma.csv')])).code).toBe(0);
    const before = await users();
    const file = path.join(cli.dir, 'changes.csv');
    writeFileSync(
      file,
      'Email,First name,Last name,Password\nanna.kuznetsova@example.ru,Анна,Кузнецова,012345678\nDMITRY.SOKOLOV@example.com,Дмитрий,Соколов-Белый,234567000\nnew.student@example.ru,Новый,Студент,123456789\nbad@example.ru,Плохой,Пароль,1.2E+08\n',
    );
    const { code, out, err } = await run([file, '--dry-run']);
    expect(out.slice(1)).toEqual([
      'line 2  unchanged  anna.kuznetsova@example.ru',
      'line 3  updated    dmitry.sokolov@example.com (last name, password)',
      'line 4  created    new.student@example.ru',
      'line 5  rejected   column "Password" (4): must be 9 digits, got "1.2E+08" (a number in scientific notation: the spreadsheet rounded it; export the column as text)',
      expect.stringMatching(
        /^dry run, nothing written: created 1, updated 1, unchanged 1, rejected 1 \(\d+\.\d s\)$/,
      ),
    ]);
    // As the real import would, it fails on the bad row, after the listing.
    expect(code).toBe(1);
    expect(err).toEqual([
      `error: ${file}: 1 row(s) are invalid: a real import would write nothing (fix them, or pass --skip-invalid)`,
    ]);
    expect(await users()).toEqual(before);
    expect((await run([file, '--dry-run', '--skip-invalid'])).code).toBe(0);
    expect(await users()).toEqual(before);
  });

  it('--dry-run against a database file that does not exist does not create it', async () => {
    const { code, out } = await run([fixturePath('users-windows-1251.csv'), '--dry-run']);
    expect(code).toBe(0);
    expect(out.at(-1)).toMatch(
      /^dry run, nothing written: created 4, updated 0, unchanged 0, rejected 0 /,
    );
    expect(existsSync(cli.dbFile)).toBe(false);
  });

  it('--columns, --encoding and --delimiter', async () => {
    const odd = fixturePath('users-odd-layout.csv');
    const refused = await run([odd]);
    expect(refused.code).toBe(1);
    expect(refused.err.at(-1)).toMatch(
      /^error: .*users-odd-layout\.csv: no email column: the header has "№" \(1\)/,
    );
    const mapped = await run([odd, '--columns', 'email=Контакт,password=Доступ,name=Клиент']);
    expect(mapped.code).toBe(0);
    expect(mapped.out[0]).toContain(
      'email "Контакт" (3), password "Доступ" (4), name (first last) "Клиент" (2); ignored "№" (1), "Дата регистрации" (5)',
    );
    const headerless = await run([
      fixturePath('users-no-header.csv'),
      '--columns',
      'email=1,first=2,last=3,password=4',
    ]);
    expect(headerless.out[0]).toContain('no header row, 3 row(s)');
    expect(headerless.out.at(-1)).toMatch(/^created 0, updated 0, unchanged 3, rejected 0 /);
    const forced = await run([
      fixturePath('users-windows-1251.csv'),
      '--encoding',
      'cp1251',
      '--delimiter',
      'semicolon',
    ]);
    expect(forced.code).toBe(0);
    expect(forced.out[0]).toMatch(/: Windows-1251, ";", 4 row\(s\)/);
    const wrong = await run([fixturePath('users-windows-1251.csv'), '--encoding', 'utf-8']);
    expect(wrong.err).toEqual([
      `error: ${fixturePath('users-windows-1251.csv')}: the file is not valid UTF-8 (try --encoding windows-1251)`,
    ]);
  });

  it('refuses bad options and missing files with a one-line reason', async () => {
    expect(await run([fixturePath('users-en-comma.csv'), '--encoding', 'koi8-r'])).toMatchObject({
      code: 2,
      err: ['error: --encoding must be utf-8 or windows-1251, got "koi8-r"'],
    });
    expect(await run([fixturePath('users-en-comma.csv'), '--delimiter', '|'])).toMatchObject({
      code: 2,
      err: ['error: --delimiter must be "," or ";", got "|"'],
    });
    expect(await run([path.join(cli.dir, 'nope.csv')])).toMatchObject({
      code: 1,
      err: [`error: cannot read ${path.join(cli.dir, 'nope.csv')}: no such file`],
    });
    expect(await run([fixturePath('users-en-comma.csv'), '--columns', 'phone=2'])).toMatchObject({
      code: 1,
      err: [expect.stringMatching(/--columns: unknown field "phone"/)],
    });
    expect((await run([])).code).toBe(2);
  });

  it('draws a progress bar on stderr only on a terminal', async () => {
    const writes: string[] = [];
    const spy = vi
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        writes.push(String(chunk));
        return true;
      });
    try {
      await run([fixturePath('users-en-comma.csv')]);
      expect(writes).toEqual([]);
      await run([fixturePath('users-fio.csv')], { interactive: true });
    } finally {
      spy.mockRestore();
    }
    const drawn = writes.join('');
    expect(drawn).toContain('\rpasswords [########################] 4/4 (100%)');
    expect(drawn).toContain('\rwriting   [########################] 4/4 (100%)');
    expect(drawn.endsWith('\n')).toBe(true);
  });

  it('through the real entry: exit code, the bad rows and the reason on stderr', () => {
    const file = fixturePath('users-broken.csv');
    const result = runCli(['import', 'boomstream-users', file], {
      env: { DATABASE_URL: `file:${cli.dbFile}` },
    });
    expect(result.code).toBe(1);
    const stderr = result.stderr.trimEnd().split('\n');
    expect(stderr[0]).toBe(
      'line 3, column "E-mail" (1): not a valid email: "dmitry.sokolov@example"',
    );
    expect(stderr.at(-1)).toBe(
      `error: ${file}: 13 of 17 row(s) are invalid: nothing was written (fix them, or pass --skip-invalid to import the other 4)`,
    );
    const ok = runCli(['import', 'boomstream-users', fixturePath('users-fio.csv')], {
      env: { DATABASE_URL: `file:${cli.dbFile}` },
    });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^created 4, updated 0, unchanged 0, rejected 0 /,
    );
  });
});
