import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redactDatabaseUrl } from '#api/db/client.ts';
import { migrateDatabase, migrationsFolder } from '#api/db/migrate.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const migrationCount = (dialect: 'sqlite' | 'postgres'): number =>
  (
    JSON.parse(
      readFileSync(path.join(migrationsFolder(dialect), 'meta/_journal.json'), 'utf8'),
    ) as { entries: unknown[] }
  ).entries.length;
import { dialects, type TestDatabase } from '../support/databases.ts';

describe('parseDatabaseUrl', () => {
  it.each([
    ['file:data/app.db', { dialect: 'sqlite', file: 'data/app.db' }],
    ['sqlite:data/app.db', { dialect: 'sqlite', file: 'data/app.db' }],
    ['file:///var/data/app.db', { dialect: 'sqlite', file: '/var/data/app.db' }],
    ['file::memory:', { dialect: 'sqlite', file: ':memory:' }],
    ['postgres://u:p@host:5432/db', { dialect: 'postgres', url: 'postgres://u:p@host:5432/db' }],
    [
      'postgresql://host/db?sslmode=require',
      { dialect: 'postgres', url: 'postgresql://host/db?sslmode=require' },
    ],
  ])('%s', (url, expected) => expect(parseDatabaseUrl(url)).toEqual(expected));

  it.each(['mysql://x', 'data/app.db', 'file:'])('rejects %s', (url) =>
    expect(() => parseDatabaseUrl(url)).toThrow(),
  );

  it('hides the password when printing', () => {
    expect(redactDatabaseUrl('postgres://user:s3cret@db.internal:5432/app')).toBe(
      'postgres://user@db.internal:5432/app',
    );
  });
});

describe.each(dialects)('database on $name', ({ name, create }) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await create();
  });
  afterAll(async () => {
    await test?.dispose();
  });

  it('applies migrations once; a second run applies none', async () => {
    expect(await migrateDatabase(test.database)).toEqual({
      applied: 0,
      total: migrationCount(test.database.dialect),
    });
  });

  it('stores real timestamps and reads them back as Dates with milliseconds', async () => {
    const { db, t } = test.database;
    const when = new Date('2038-01-19T03:14:08.123Z');
    const [user] = await db
      .insert(t.users)
      .values({ email: `ts-${name}@example.ru`, createdAt: when })
      .returning();
    expect(user!.createdAt).toEqual(when);
    expect(user!.updatedAt).toBeInstanceOf(Date);
    expect(Math.abs(user!.updatedAt.getTime() - Date.now())).toBeLessThan(60_000);
    if (name === 'postgres') {
      const columns = await test.database.rows<{ column_name: string; data_type: string }>(
        sql`select column_name, data_type from information_schema.columns where table_name = 'users' and column_name in ('created_at', 'updated_at')`,
      );
      expect(columns.map((c) => c.data_type)).toEqual([
        'timestamp with time zone',
        'timestamp with time zone',
      ]);
    }
  });

  it('keeps Cyrillic text, 64-bit ids, booleans and JSON', async () => {
    const { db, t } = test.database;
    const [user] = await db
      .insert(t.users)
      .values({
        email: `json-${name}@example.ru`,
        firstName: 'Ёлка',
        lastName: 'Щукина',
        telegramId: 7_123_456_789,
      })
      .returning();
    await db
      .insert(t.passwords)
      .values({ userId: user!.id, mediaCode: 'Abcdefg1', password: 'h', active: false });
    await db.insert(t.lessonProgress).values({
      userId: user!.id,
      lessonId: 1_855_854,
      passedStepIds: [5_263_710, 5_264_363],
      stepsPassed: 2,
      stepsTotal: 3,
      score: 1.5,
    });
    const [read] = await db.select().from(t.users).where(eq(t.users.id, user!.id));
    expect(read).toMatchObject({
      firstName: 'Ёлка',
      lastName: 'Щукина',
      telegramId: 7_123_456_789,
    });
    const [password] = await db.select().from(t.passwords).where(eq(t.passwords.userId, user!.id));
    expect(password!.active).toBe(false);
    const [progress] = await db
      .select()
      .from(t.lessonProgress)
      .where(eq(t.lessonProgress.userId, user!.id));
    expect(progress).toMatchObject({
      passedStepIds: [5_263_710, 5_264_363],
      score: 1.5,
      unlockedAt: null,
    });
  });

  it('enforces unique emails and cascades a user deletion to sessions', async () => {
    const { db, t } = test.database;
    const [user] = await db
      .insert(t.users)
      .values({ email: `u-${name}@example.ru` })
      .returning();
    await expect(db.insert(t.users).values({ email: `u-${name}@example.ru` })).rejects.toThrow();
    await db
      .insert(t.sessions)
      .values({ id: `s-${name}`, userId: user!.id, expiresAt: new Date(Date.now() + 1000) });
    await db.delete(t.users).where(eq(t.users.id, user!.id));
    expect(
      await db
        .select()
        .from(t.sessions)
        .where(eq(t.sessions.id, `s-${name}`)),
    ).toEqual([]);
  });

  it('rolls a failed transaction back completely', async () => {
    const { db, t } = test.database;
    const email = `tx-${name}@example.ru`;
    await expect(
      test.database.transaction(async (tx) => {
        await tx.insert(t.users).values({ email });
        throw new Error('half-way');
      }),
    ).rejects.toThrow('half-way');
    expect(await db.select().from(t.users).where(eq(t.users.email, email))).toEqual([]);
    await test.database.transaction(async (tx) => {
      await tx.insert(t.users).values({ email });
    });
    expect(await db.select().from(t.users).where(eq(t.users.email, email))).toHaveLength(1);
  });

  it('answers ping', async () => {
    await expect(test.database.ping()).resolves.toBeUndefined();
  });
});
