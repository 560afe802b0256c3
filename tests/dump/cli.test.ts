/**
 * `dump` and `load` end to end through the CLI entry point, against a SQLite file named by
 * DATABASE_URL. The config module caches its first read, so the CLI is imported afresh after
 * DATABASE_URL is set, and the one file is emptied (deleted) between tests instead of renamed.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '#api/db/client.ts';
import { dumpDatabase } from '#api/db/dump.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { useInProcessCli } from '../support/in-process-cli.ts';
import { seed, seededTotal } from './seed.ts';

const cli = useInProcessCli('course-dump-cli-');
const run = (argv: string[], stdin = ''): ReturnType<typeof cli.run> => cli.run(argv, { stdin });

async function seedFile(): Promise<string> {
  const database = openDatabase(`file:${cli.dbFile}`);
  try {
    await migrateDatabase(database);
    await seed(database);
    return (await dumpDatabase(database)).text;
  } finally {
    await database.close();
  }
}

const removeDatabase = (): void => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${cli.dbFile}${suffix}`, { force: true });
};

describe('dump and load commands', () => {
  it('are listed in the help', async () => {
    const { out } = await run(['--help']);
    expect(out.join('\n')).toMatch(/\n {2}dump +Write the whole database/);
    expect(out.join('\n')).toMatch(/\n {2}load +Load a JSON dump/);
  });

  it('dump <file> writes the dump atomically and prints rows per table', async () => {
    const expected = await seedFile();
    const file = path.join(cli.dir, 'backup.json');
    const { code, out, err } = await run(['dump', file]);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(readFileSync(file, 'utf8')).toBe(expected);
    expect(out).toContain(`Dumped ${seededTotal()} row(s) from sqlite:${cli.dbFile} to ${file}:`);
    expect(out).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ {2}users +4$/),
        expect.stringMatching(/^ {2}lesson_progress +3$/),
      ]),
    );
    // Nothing left behind but the database and the dump.
    expect(
      readdirSync(cli.dir)
        .filter((name) => !name.startsWith('app.db'))
        .sort(),
    ).toEqual(['backup.json']);
  });

  it('dump - writes only the JSON to stdout and the summary to stderr', async () => {
    const expected = await seedFile();
    const { code, out, err } = await run(['dump', '-']);
    expect(code).toBe(0);
    expect(`${out.join('\n')}\n`).toBe(expected);
    expect(err).toContain(
      `Dumped ${seededTotal()} row(s) from sqlite:${cli.dbFile} to standard output:`,
    );
  });

  it('load <file> migrates a fresh database and loads it to the same dump', async () => {
    const expected = await seedFile();
    const file = path.join(cli.dir, 'backup.json');
    writeFileSync(file, expected);
    removeDatabase();

    const loaded = await run(['load', file]);
    expect(loaded.err).toEqual([]);
    expect(loaded.code).toBe(0);
    expect(loaded.out[0]).toMatch(/migration\(s\) applied$/);
    expect(loaded.out).toContain(
      `Loaded ${seededTotal()} row(s) from ${file} into sqlite:${cli.dbFile}:`,
    );
    expect(loaded.out).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ {2}sessions +3$/)]),
    );

    const again = await run(['load', file]);
    expect(again.code).toBe(0);
    const dumped = await run(['dump', '-']);
    expect(`${dumped.out.join('\n')}\n`).toBe(expected);
  });

  it('load - reads standard input', async () => {
    const expected = await seedFile();
    removeDatabase();
    expect((await run(['load', '-'], expected)).code).toBe(0);
    expect(`${(await run(['dump', '-'])).out.join('\n')}\n`).toBe(expected);
  });

  it('load --dry-run validates without creating or writing the database', async () => {
    const expected = await seedFile();
    const file = path.join(cli.dir, 'backup.json');
    writeFileSync(file, expected);
    removeDatabase();
    const { code, out } = await run(['load', file, '--dry-run']);
    expect(code).toBe(0);
    expect(out[0]).toBe(`${file} is valid: ${seededTotal()} row(s); nothing written (dry run):`);
    expect(existsSync(cli.dbFile)).toBe(false);
  });

  it('load rejects a malformed file with a one-line reason and leaves the database alone', async () => {
    const text = await seedFile();
    const document = JSON.parse(text);
    document.tables.users[3].created_at = 'yesterday';
    const file = path.join(cli.dir, 'bad.json');
    writeFileSync(file, JSON.stringify(document));

    const one = await run(['load', file]);
    expect(one.code).toBe(1);
    expect(one.err).toEqual([
      `error: ${file}: users[3].created_at: expected an ISO-8601 time, got "yesterday"`,
    ]);

    document.tables.sessions[0].user_id = 'one';
    writeFileSync(file, JSON.stringify(document));
    const two = await run(['load', file, '--dry-run']);
    expect(two.code).toBe(1);
    expect(two.err).toEqual([
      '  users[3].created_at: expected an ISO-8601 time, got "yesterday"',
      '  sessions[0].user_id: expected a whole number (at most 2^53 - 1 in size), got "one"',
      `error: ${file}: users[3].created_at: expected an ISO-8601 time, got "yesterday" (and 1 more problem)`,
    ]);

    expect(`${(await run(['dump', '-'])).out.join('\n')}\n`).toBe(text);
  });

  it('fails cleanly on a missing file, a missing argument and an unwritable target', async () => {
    const missing = await run(['load', path.join(cli.dir, 'nope.json')]);
    expect(missing).toMatchObject({
      code: 1,
      err: [`error: cannot read ${path.join(cli.dir, 'nope.json')}: no such file`],
    });
    expect((await run(['dump'])).code).toBe(2);
    const target = path.join(cli.dir, 'no-such-cli.dir', 'x.json');
    const unwritable = await run(['dump', target]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.err.at(-1)).toMatch(
      new RegExp(`^error: cannot write ${target.replaceAll('/', '\\/')}: ENOENT`),
    );
  });
});
