import { describe, expect, it } from 'vitest';
import { dumpDatabase, loadDump } from '#api/db/dump.ts';
import {
  createPostgresDatabase,
  createSqliteDatabase,
  dialects,
  disposeAfterEach,
  TEST_DATABASE_URL,
} from '../support/databases.ts';
import {
  BIG_LESSON_ID,
  MAX_SAFE_MODULE_ID,
  SCHEMA_TABLES,
  seed,
  seededCounts,
  TELEGRAM_ID,
} from './seed.ts';

describe.each(dialects)('dump and load on $name', ({ create }) => {
  const fresh = disposeAfterEach();

  it('dumps an empty database with every table present, deterministically formatted', async () => {
    const { database } = await fresh(create);
    const { text, counts } = await dumpDatabase(database);
    expect(text).toBe(
      `{\n  "format": "course-site-dump",\n  "version": 1,\n  "tables": {\n${SCHEMA_TABLES.map((name) => `    "${name}": []`).join(',\n')}\n  }\n}\n`,
    );
    expect(counts).toEqual(SCHEMA_TABLES.map((table) => ({ table, rows: 0 })));
  });

  it('writes snake_case columns in schema order, rows sorted by key, times as ISO UTC', async () => {
    const { database } = await fresh(create);
    await seed(database);
    const { text, document, counts } = await dumpDatabase(database);
    expect(JSON.parse(text)).toEqual(document);
    expect(Object.keys(document.tables)).toEqual(SCHEMA_TABLES);
    expect(SCHEMA_TABLES.slice(0, 7)).toEqual([
      'users',
      'passwords',
      'stepik_modules',
      'stepik_lessons',
      'telegram_users',
      'sessions',
      'lesson_progress',
    ]);
    expect(counts).toEqual(seededCounts());

    const users = document.tables.users!;
    expect(Object.keys(users[0]!)).toEqual([
      'id',
      'email',
      'boom_password',
      'stepik_user_id',
      'telegram_id',
      'google_sub',
      'first_name',
      'last_name',
      'created_at',
      'updated_at',
      'stepik_linked_at',
      'stepik_seen_at',
      'stepik_missing_since',
      'last_signed_in_at',
    ]);
    expect(users.map((u) => u.id)).toEqual([1, 2, 3, 10]);
    expect(users[0]).toMatchObject({
      telegram_id: TELEGRAM_ID,
      first_name: 'Иван',
      last_name: 'Петров 🎓',
      created_at: '1970-01-01T00:00:00.000Z',
      updated_at: '2038-01-19T03:14:08.000Z',
    });
    expect(users[1]).toEqual({
      id: 2,
      email: null,
      boom_password: null,
      stepik_user_id: null,
      telegram_id: null,
      google_sub: null,
      first_name: '',
      last_name: '',
      created_at: '1969-12-31T23:59:59.999Z',
      updated_at: '9999-12-31T23:59:59.999Z',
      stepik_linked_at: null,
      stepik_seen_at: null,
      stepik_missing_since: null,
      last_signed_in_at: null,
    });
    expect(document.tables.passwords!.map((p) => [p.id, p.active])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(document.tables.stepik_modules!.map((m) => m.id)).toEqual([1, MAX_SAFE_MODULE_ID]);
    expect(document.tables.telegram_users!.map((u) => u.telegram_id)).toEqual([
      -1_001_234_567_890,
      1,
      TELEGRAM_ID,
    ]);
    expect(document.tables.sessions!.map((s) => String(s.id).slice(0, 2))).toEqual([
      'B0',
      '_u',
      'a0',
    ]);
    expect(document.tables.lesson_progress!.map((p) => [p.user_id, p.lesson_id])).toEqual([
      [1, 2],
      [1, BIG_LESSON_ID],
      [3, 2],
    ]);
    expect(document.tables.lesson_progress![1]).toMatchObject({
      score: 0.30000000000000004,
      passed_step_ids: [1, 2, 3],
      unlocked_at: '2024-09-14T19:24:48.123Z',
    });

    expect(document.tables.watch_progress).toEqual([
      {
        user_id: 1,
        media_code: 'AbC123',
        lesson_slug: 'intro',
        intervals: [
          [0, 12.5],
          [30.25, 61],
        ],
        watched_seconds: 43.25,
        duration: 0.30000000000000004,
        last_report_at: '2024-09-14T19:24:48.123Z',
        created_at: '2038-01-19T03:14:08.000Z',
        updated_at: '2024-09-14T19:24:48.123Z',
      },
      {
        user_id: 3,
        media_code: 'XyZ789',
        lesson_slug: 'без-слага',
        intervals: [],
        watched_seconds: 0,
        duration: 86_400,
        last_report_at: '1969-12-31T23:59:59.999Z',
        created_at: '1970-01-01T00:00:00.000Z',
        updated_at: '9999-12-31T23:59:59.999Z',
      },
    ]);

    const lesson = document.tables.stepik_lessons!.find((l) => l.id === BIG_LESSON_ID)!;
    expect(lesson.step_ids).toEqual([3, 1, 2]);
    // JSON objects come out with sorted keys, as JSON values (not strings).
    expect(text).toContain(
      '"videos": [\n          {\n            "a": {\n              "b": null,\n              "ccc": true\n            },\n            "bbb": "x",\n            "code": "AbC123",\n            "title": "Часть 1",\n            "zz": 1\n          }\n        ]',
    );
  });

  it('gives byte-identical text for a reload into an empty database, and a second load changes nothing', async () => {
    const source = await fresh(create);
    await seed(source.database);
    const original = (await dumpDatabase(source.database)).text;
    const target = await fresh(create);
    const result = await loadDump(target.database, original);
    expect(result.counts).toEqual(seededCounts());
    expect((await dumpDatabase(target.database)).text).toBe(original);
    await loadDump(target.database, original);
    expect((await dumpDatabase(target.database)).text).toBe(original);
    // Into the database it came from, too.
    await loadDump(source.database, original);
    expect((await dumpDatabase(source.database)).text).toBe(original);
  });

  it('overwrites rows with the same key and keeps rows the dump does not mention', async () => {
    const { database } = await fresh(create);
    await seed(database);
    const { document } = await dumpDatabase(database);
    const { db, t } = database;
    await db.insert(t.users).values({ id: 50, email: 'kept@example.com', firstName: 'Остаюсь' });
    const { eq } = await import('drizzle-orm');
    await db
      .update(t.users)
      .set({ firstName: 'Changed', email: 'changed@example.com' })
      .where(eq(t.users.id, 1));
    await db.update(t.passwords).set({ active: false }).where(eq(t.passwords.id, 1));

    await loadDump(database, document);
    const after = (await dumpDatabase(database)).document;
    expect(after.tables.users!.find((u) => u.id === 1)).toEqual(document.tables.users![0]);
    expect(after.tables.passwords).toEqual(document.tables.passwords);
    expect(after.tables.users!.find((u) => u.id === 50)).toMatchObject({
      email: 'kept@example.com',
      first_name: 'Остаюсь',
    });
  });

  it('moves the id sequences past the loaded ids, so the next insert gets a fresh id', async () => {
    const source = await fresh(create);
    await seed(source.database);
    const { document } = await dumpDatabase(source.database);
    const { database } = await fresh(create);
    await loadDump(database, document);
    const [user] = await database.db
      .insert(database.t.users)
      .values({ email: 'new@example.com' })
      .returning();
    expect(user!.id).toBe(11);
    const [password] = await database.db
      .insert(database.t.passwords)
      .values({ userId: user!.id, mediaCode: 'new', password: 'x' })
      .returning();
    expect(password!.id).toBe(3);
  });

  it('loads thousands of rows in batches', async () => {
    const many = Array.from({ length: 1234 }, (_, i) => ({
      id: i + 1,
      email: `user${i + 1}@example.com`,
      boom_password: null,
      stepik_user_id: 10_000_000_000 + i,
      telegram_id: null,
      google_sub: null,
      first_name: `Студент ${i + 1}`,
      last_name: '',
      created_at: new Date(Date.UTC(2024, 0, 1) + i * 1001).toISOString(),
      updated_at: '2024-01-01T00:00:00.000Z',
      stepik_linked_at: null,
      stepik_seen_at: i % 2 ? '2024-02-01T00:00:00.000Z' : null,
      stepik_missing_since: null,
      last_signed_in_at: null,
    }));
    const { database } = await fresh(create);
    const result = await loadDump(database, {
      format: 'course-site-dump',
      version: 1,
      tables: { users: many },
    });
    expect(result.counts[0]).toEqual({ table: 'users', rows: 1234 });
    const { document } = await dumpDatabase(database);
    expect(document.tables.users).toEqual(many);
    const [next] = await database.db.insert(database.t.users).values({}).returning();
    expect(next!.id).toBe(1235);
  });
});

describe.skipIf(!TEST_DATABASE_URL)('between SQLite and PostgreSQL', () => {
  const fresh = disposeAfterEach();

  it('SQLite → dump → PostgreSQL → dump gives a byte-identical file', async () => {
    const sqlite = await fresh(createSqliteDatabase);
    await seed(sqlite.database);
    const fromSqlite = (await dumpDatabase(sqlite.database)).text;
    const pg = await fresh(createPostgresDatabase);
    await loadDump(pg.database, fromSqlite);
    expect((await dumpDatabase(pg.database)).text).toBe(fromSqlite);
  });

  it('PostgreSQL → dump → SQLite → dump gives a byte-identical file', async () => {
    const pg = await fresh(createPostgresDatabase);
    await seed(pg.database);
    const fromPg = (await dumpDatabase(pg.database)).text;
    const sqlite = await fresh(createSqliteDatabase);
    await loadDump(sqlite.database, fromPg);
    expect((await dumpDatabase(sqlite.database)).text).toBe(fromPg);
  });

  it('seeding either dialect directly gives the same dump', async () => {
    const sqlite = await fresh(createSqliteDatabase);
    const pg = await fresh(createPostgresDatabase);
    await seed(sqlite.database);
    await seed(pg.database);
    expect((await dumpDatabase(pg.database)).text).toBe((await dumpDatabase(sqlite.database)).text);
  });
});
