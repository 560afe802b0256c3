import { describe, expect, it } from 'vitest';
import { DumpError, dumpDatabase, loadDump } from '#api/db/dump.ts';
import type { DumpDocument } from '#api/db/dump-format.ts';
import {
  createPostgresDatabase,
  createSqliteDatabase,
  dialects,
  disposeAfterEach,
  TEST_DATABASE_URL,
} from '../support/databases.ts';
import { seed, seededCounts } from './seed.ts';

/** The seeded data as a dump, and a database holding other, pre-existing rows to protect. */
async function seededDocument(
  fresh: ReturnType<typeof disposeAfterEach>,
  create: Parameters<ReturnType<typeof disposeAfterEach>>[0],
): Promise<DumpDocument> {
  const source = await fresh(create);
  await seed(source.database);
  return structuredClone((await dumpDatabase(source.database)).document);
}

async function rejection(promise: Promise<unknown>): Promise<DumpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DumpError);
  return error as DumpError;
}

const user = (id: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  email: `u${id}@example.com`,
  boom_password: null,
  stepik_user_id: null,
  telegram_id: null,
  google_sub: null,
  first_name: 'Имя',
  last_name: '',
  created_at: '2024-01-01T00:00:00.000Z',
  updated_at: '2024-01-01T00:00:00.000Z',
  ...extra,
});

const dump = (tables: Record<string, unknown[]>, version = 1): object => ({
  format: 'course-site-dump',
  version,
  tables,
});

describe.each(dialects)('load validation on $name', ({ create }) => {
  const fresh = disposeAfterEach();

  it('rejects a malformed record in the middle of the file, naming table, index and field, and writes nothing', async () => {
    const document = await seededDocument(fresh, create);
    // Many new rows before the bad one (including a new table's worth), so a half-done write would show.
    const users = document.tables.users!;
    users.push(...Array.from({ length: 700 }, (_, i) => user(100 + i) as never));
    users[3] = { ...users[3]!, created_at: 'yesterday' };

    const { database } = await fresh(create);
    await database.db
      .insert(database.t.users)
      .values({ id: 1, email: 'before@example.com', firstName: 'Было' });
    const before = (await dumpDatabase(database)).text;

    const error = await rejection(loadDump(database, document));
    expect(error.message).toBe('users[3].created_at: expected an ISO-8601 time, got "yesterday"');
    expect((await dumpDatabase(database)).text).toBe(before);
  });

  it('rolls everything back when the database refuses a row late in the load', async () => {
    const document = await seededDocument(fresh, create);
    const { database } = await fresh(create);
    // A lesson already holding the slug "intro" under another id: the unique slug index refuses
    // the dump's lesson only after users, passwords and modules have been written.
    await database.db
      .insert(database.t.stepikLessons)
      .values({ id: 77, slug: 'intro', title: 'Занято', position: 9 });
    const before = (await dumpDatabase(database)).text;

    const error = await rejection(loadDump(database, document));
    expect(error.message).toMatch(
      /^stepik_lessons\[0\.\.1\]: the database refused the rows: .*(unique|UNIQUE)/,
    );
    expect(error.message).not.toContain('insert into');
    expect((await dumpDatabase(database)).text).toBe(before);
  });

  it('fills the fields an older dump lacks from the column defaults', async () => {
    const now = new Date('2025-05-05T05:05:05.555Z');
    const { database } = await fresh(create);
    await loadDump(
      database,
      dump({
        users: [{ id: 1, email: 'old@example.com', created_at: '2020-02-02T02:02:02.000Z' }],
        passwords: [{ id: 1, user_id: 1, media_code: 'm', password: 'p' }],
        stepik_lessons: [{ id: 5, title: 'Старый урок', position: 1 }],
        lesson_progress: [{ user_id: 1, lesson_id: 5 }],
        telegram_users: [{ telegram_id: 42 }],
        sessions: [{ id: 's', user_id: 1, expires_at: '2030-01-01T00:00:00Z' }],
      }),
      { now },
    );
    const { tables } = (await dumpDatabase(database)).document;
    expect(tables.users).toEqual([
      {
        id: 1,
        email: 'old@example.com',
        boom_password: null,
        stepik_user_id: null,
        telegram_id: null,
        google_sub: null,
        first_name: '',
        last_name: '',
        created_at: '2020-02-02T02:02:02.000Z',
        updated_at: now.toISOString(),
        stepik_linked_at: null,
        stepik_seen_at: null,
        stepik_missing_since: null,
        last_signed_in_at: null,
      },
    ]);
    expect(tables.passwords![0]).toMatchObject({
      end_date: null,
      active: true,
      created_at: now.toISOString(),
    });
    expect(tables.stepik_lessons![0]).toMatchObject({
      module_id: null,
      slug: null,
      step_ids: [],
      videos: [],
    });
    expect(tables.lesson_progress![0]).toMatchObject({
      steps_passed: 0,
      steps_total: 0,
      score: 0,
      passed_step_ids: [],
      unlocked_at: null,
    });
    expect(tables.telegram_users![0]).toMatchObject({
      user_id: null,
      first_name: '',
      blocked_at: null,
      updated_at: now.toISOString(),
    });
    expect(tables.sessions![0]).toMatchObject({
      expires_at: '2030-01-01T00:00:00.000Z',
      created_at: now.toISOString(),
    });
    expect(tables.stepik_modules).toEqual([]);
  });

  it('--dry-run validates but writes nothing', async () => {
    const document = await seededDocument(fresh, create);
    const { database } = await fresh(create);
    const result = await loadDump(database, document, { dryRun: true });
    expect(result).toMatchObject({ dryRun: true });
    expect(result.counts).toEqual(seededCounts());
    expect((await dumpDatabase(database)).counts.every((c) => c.rows === 0)).toBe(true);
  });
});

describe('load validation of the file itself', () => {
  const fresh = disposeAfterEach();
  const check = async (source: string | object): Promise<DumpError> => {
    const { database } = await fresh(createSqliteDatabase);
    return rejection(loadDump(database, source, { dryRun: true }));
  };

  it('rejects what is not a dump of ours', async () => {
    expect((await check('{"format": ')).message).toMatch(/^not valid JSON: /);
    expect((await check('[]')).message).toBe(
      'not a course-site-dump file: expected a JSON object, got []',
    );
    expect((await check({ format: 'other', version: 1, tables: {} })).message).toBe(
      'not a course-site-dump file: "format" is "other"',
    );
    expect((await check({ format: 'course-site-dump', version: '1', tables: {} })).message).toBe(
      '"version" must be a whole number from 1, got "1"',
    );
    expect((await check({ format: 'course-site-dump', version: 1, tables: [] })).message).toMatch(
      /^"tables" must be an object/,
    );
    expect((await check(dump({ users: {} as never }))).message).toBe(
      'users: expected an array of rows, got {}',
    );
  });

  it('rejects a newer format version with a clear message', async () => {
    expect((await check(dump({}, 2))).message).toBe(
      'the dump is format version 2, but this program reads version 1 at most; load it with a newer release',
    );
  });

  it('rejects an unknown table, naming it', async () => {
    const error = await check(dump({ users: [], payments: [{ id: 1 }] }));
    expect(error.message).toMatch(/^unknown table "payments" \(tables here: users, passwords, /);
  });

  it('names each bad field', async () => {
    const error = await check(
      dump({
        users: [
          user(1),
          user(2, { nickname: 'x' }),
          user(3, { first_name: null }),
          user(4, { telegram_id: 1.5 }),
          user(5, { created_at: '2024-02-30T00:00:00.000Z' }),
          user(6, { updated_at: '2024-01-01T00:00:00' }),
          user(7, { created_at: 1_700_000_000_000 }),
          'not a record',
          user(1),
        ],
        passwords: [{ id: 1, user_id: 1, media_code: 'm', password: 'p', active: 1 }],
        sessions: [{ id: 's', user_id: 1 }],
        telegram_users: [{ first_name: 'no key' }],
        stepik_lessons: [{ id: 1, title: 't', position: 1, step_ids: null }],
      }),
    );
    expect(error.problems).toEqual([
      'users[1].nickname: not a column of this table',
      'users[2].first_name: must not be null',
      'users[3].telegram_id: expected a whole number (at most 2^53 - 1 in size), got 1.5',
      'users[4].created_at: expected an ISO-8601 time, got "2024-02-30T00:00:00.000Z"',
      'users[5].updated_at: expected an ISO-8601 time, got "2024-01-01T00:00:00"',
      'users[6].created_at: expected an ISO-8601 time, got 1700000000000',
      'users[7]: expected an object, got "not a record"',
      'users[8]: same primary key as users[0] (id=1)',
      'passwords[0].active: expected true or false, got 1',
      'stepik_lessons[0].step_ids: must not be null',
      'telegram_users[0].telegram_id: missing, and it is part of the primary key',
      'sessions[0].expires_at: missing, and the column has no default and does not allow null',
    ]);
    expect(error.message).toBe(
      'users[1].nickname: not a column of this table (and 11 more problems)',
    );
  });

  it('treats a table missing from the file as empty', async () => {
    const { database } = await fresh(createSqliteDatabase);
    const result = await loadDump(database, dump({ users: [user(1)] }));
    expect(result.counts.find((c) => c.table === 'sessions')).toEqual({
      table: 'sessions',
      rows: 0,
    });
  });

  it('accepts times with an offset and stores them as UTC', async () => {
    const { database } = await fresh(createSqliteDatabase);
    await loadDump(
      database,
      dump({ users: [user(1, { created_at: '2024-09-14T22:24:48.5+03:00' })] }),
    );
    expect((await dumpDatabase(database)).document.tables.users![0]!.created_at).toBe(
      '2024-09-14T19:24:48.500Z',
    );
  });

  it('runs the table transform hook on raw records before validating them', async () => {
    const { database } = await fresh(createSqliteDatabase);
    const seen: unknown[] = [];
    await loadDump(database, dump({ users: [user(1, { boom_password: 123456789 })] }), {
      transforms: {
        users: (records, context) => {
          seen.push(context.version, context.dialect);
          // A number would fail validation: proves the hook runs first.
          return records.map((r) => ({
            ...(r as object),
            boom_password: `hashed:${(r as { boom_password: number }).boom_password}`,
          }));
        },
      },
    });
    expect(seen).toEqual([1, 'sqlite']);
    expect((await dumpDatabase(database)).document.tables.users![0]!.boom_password).toBe(
      'hashed:123456789',
    );
  });
});

describe.skipIf(!TEST_DATABASE_URL)('load validation against PostgreSQL column sizes', () => {
  const fresh = disposeAfterEach();

  it('rejects a number too big for a PostgreSQL integer column before writing', async () => {
    const { database } = await fresh(createPostgresDatabase);
    const error = await rejection(loadDump(database, dump({ users: [user(3_000_000_000)] })));
    expect(error.message).toBe(
      'users[0].id: expected a whole number from -2147483648 to 2147483647, got 3000000000',
    );
    // SQLite integers are 64-bit: the same record is fine there.
    const sqlite = await fresh(createSqliteDatabase);
    await loadDump(sqlite.database, dump({ users: [user(3_000_000_000)] }));
  });
});
