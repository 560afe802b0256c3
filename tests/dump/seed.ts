/**
 * Awkward data for dump/load tests, in every table: Cyrillic and emoji, nulls and empty strings,
 * booleans both ways, JSON with unsorted keys, ids past 2^32, and times at the edges.
 */
import { DERIVED_TABLES } from '#api/db/dump-columns.ts';
import { getTableName, type Table } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '#api/db/client.ts';
import { pgKit } from '#api/db/kit.ts';
import { defineTables } from '#api/db/tables.ts';

export const EPOCH = new Date('1970-01-01T00:00:00.000Z');
export const BEFORE_EPOCH = new Date('1969-12-31T23:59:59.999Z');
export const Y2038 = new Date('2038-01-19T03:14:08.000Z');
export const END_OF_TIME = new Date('9999-12-31T23:59:59.999Z');
export const WITH_MS = new Date('2024-09-14T19:24:48.123Z');

export const TELEGRAM_ID = 7_123_456_789;
export const BIG_LESSON_ID = 5_000_000_001;
export const MAX_SAFE_MODULE_ID = Number.MAX_SAFE_INTEGER;

/** Every table a dump carries, in the order tables.ts declares them (parents first); derived ones are left out. */
export const SCHEMA_TABLES: string[] = Object.values(defineTables(pgKit))
  .map((table: Table) => getTableName(table))
  .filter((name) => !DERIVED_TABLES.has(name));

/** Rows `seed` writes per table (a table it does not know gets none). */
export const SEEDED_ROWS: Readonly<Record<string, number>> = {
  users: 4,
  passwords: 2,
  stepik_modules: 2,
  stepik_lessons: 2,
  telegram_users: 3,
  sessions: 3,
  lesson_progress: 3,
  auth_throttles: 2,
  watch_progress: 2,
};

export const seededCounts = (): { table: string; rows: number }[] =>
  SCHEMA_TABLES.map((table) => ({ table, rows: SEEDED_ROWS[table] ?? 0 }));
export const seededTotal = (): number => seededCounts().reduce((sum, c) => sum + c.rows, 0);

export async function seed(database: Database): Promise<void> {
  const { db, t } = database;
  // Inserted out of key order on purpose: dumps must sort.
  await db.insert(t.users).values([
    {
      id: 10,
      email: 'ann@example.com',
      firstName: 'Анна-Мария',
      lastName: `O'Neil "quoted" \\ back`,
      createdAt: WITH_MS,
      updatedAt: new Date('2024-09-14T19:24:48.001Z'),
    },
    {
      id: 1,
      email: 'ivan@example.ru',
      // A real-shaped scrypt hash (load would hash anything else): 16-byte salt, 32-byte key.
      boomPassword: `scrypt$14$8$1$${Buffer.alloc(16, 1).toString('base64')}$${Buffer.alloc(32, 2).toString('base64')}`,
      stepikUserId: 7_123_456_780,
      telegramId: TELEGRAM_ID,
      googleSub: '109876543210987654321',
      firstName: 'Иван',
      lastName: 'Петров 🎓',
      createdAt: EPOCH,
      updatedAt: Y2038,
    },
    {
      id: 2,
      email: null,
      boomPassword: null,
      stepikUserId: null,
      telegramId: null,
      googleSub: null,
      firstName: '',
      lastName: '',
      createdAt: BEFORE_EPOCH,
      updatedAt: END_OF_TIME,
    },
    {
      id: 3,
      email: 'emoji@example.org',
      firstName: '👩‍💻',
      lastName: 'Ёлкина',
      createdAt: Y2038,
      updatedAt: EPOCH,
    },
  ]);
  await db.insert(t.passwords).values([
    {
      id: 2,
      userId: 3,
      mediaCode: 'XyZ789',
      password: 'пароль 🔑',
      endDate: END_OF_TIME,
      active: false,
      createdAt: BEFORE_EPOCH,
      updatedAt: WITH_MS,
    },
    {
      id: 1,
      userId: 1,
      mediaCode: 'AbC123',
      password: '',
      endDate: null,
      active: true,
      createdAt: EPOCH,
      updatedAt: Y2038,
    },
  ]);
  await db.insert(t.stepikModules).values([
    { id: MAX_SAFE_MODULE_ID, courseId: null, title: '', position: -1, updatedAt: END_OF_TIME },
    {
      id: 1,
      courseId: 123_456_789_012,
      title: 'Модуль 1 — Введение',
      position: 0,
      updatedAt: BEFORE_EPOCH,
    },
  ]);
  await db.insert(t.stepikLessons).values([
    {
      id: BIG_LESSON_ID,
      moduleId: 1,
      slug: 'intro',
      title: 'Урок 🎬',
      position: 1,
      stepIds: [3, 1, 2],
      // Keys of different lengths out of order: jsonb reorders them, a dump must not care.
      videos: [
        { title: 'Часть 1', code: 'AbC123', zz: 1, a: { ccc: true, b: null }, bbb: 'x' } as never,
      ],
      updatedAt: WITH_MS,
    },
    {
      id: 2,
      moduleId: null,
      slug: null,
      title: 'Без модуля',
      position: 2,
      stepIds: [],
      videos: [],
      updatedAt: EPOCH,
    },
  ]);
  await db.insert(t.telegramUsers).values([
    {
      telegramId: TELEGRAM_ID,
      userId: 1,
      username: 'ivan_p',
      firstName: 'Иван',
      lastName: null,
      languageCode: 'ru',
      phone: '+79990000000',
      photoUrl: 'https://t.me/i/userpic/320/x.jpg',
      blockedAt: Y2038,
      createdAt: EPOCH,
      updatedAt: WITH_MS,
    },
    {
      telegramId: -1_001_234_567_890,
      userId: null,
      firstName: '',
      createdAt: BEFORE_EPOCH,
      updatedAt: END_OF_TIME,
    },
    {
      telegramId: 1,
      userId: 2,
      username: '',
      firstName: '😀😃',
      lastName: '',
      blockedAt: BEFORE_EPOCH,
      createdAt: Y2038,
      updatedAt: Y2038,
    },
  ]);
  await db.insert(t.sessions).values([
    // Lower before upper case: a database collation and a byte order disagree on these.
    {
      id: 'a0f1e2d3c4b5a6978877665544332211ffeeddccbbaa99887766554433221100',
      userId: 1,
      expiresAt: END_OF_TIME,
      createdAt: EPOCH,
    },
    {
      id: 'B0F1E2D3C4B5A6978877665544332211FFEEDDCCBBAA99887766554433221100',
      userId: 3,
      expiresAt: BEFORE_EPOCH,
      createdAt: WITH_MS,
    },
    { id: '_underscore', userId: 2, expiresAt: Y2038, createdAt: Y2038 },
  ]);
  await db.insert(t.lessonProgress).values([
    {
      userId: 3,
      lessonId: 2,
      stepsPassed: 0,
      stepsTotal: 0,
      score: 0,
      passedStepIds: [],
      unlockedAt: null,
      updatedAt: END_OF_TIME,
    },
    {
      userId: 1,
      lessonId: BIG_LESSON_ID,
      stepsPassed: 3,
      stepsTotal: 3,
      score: 0.1 + 0.2,
      passedStepIds: [1, 2, 3],
      unlockedAt: WITH_MS,
      updatedAt: BEFORE_EPOCH,
    },
    {
      userId: 1,
      lessonId: 2,
      stepsPassed: 1,
      stepsTotal: 7,
      score: 1e-7,
      passedStepIds: [2],
      unlockedAt: EPOCH,
      updatedAt: Y2038,
    },
  ]);
  // Added by the sign-in throttling work; seeded when the schema has it.
  const authThrottles = (t as unknown as Record<string, PgTable | undefined>).authThrottles;
  if (authThrottles) {
    await db.insert(authThrottles).values([
      { key: 'f'.repeat(64), failures: 5, lockedUntil: END_OF_TIME, lastFailureAt: BEFORE_EPOCH },
      { key: 'A'.repeat(64), failures: 0, lockedUntil: null, lastFailureAt: EPOCH },
    ] as never);
  }
  // Watched video (issue 13): fractional seconds, an empty union, a video past 2^31 ms long ago.
  await db.insert(t.watchProgress).values([
    {
      userId: 3,
      mediaCode: 'XyZ789',
      lessonSlug: 'без-слага',
      intervals: [],
      watchedSeconds: 0,
      duration: 86_400,
      lastReportAt: BEFORE_EPOCH,
      createdAt: EPOCH,
      updatedAt: END_OF_TIME,
    },
    {
      userId: 1,
      mediaCode: 'AbC123',
      lessonSlug: 'intro',
      intervals: [
        [0, 12.5],
        [30.25, 61],
      ],
      watchedSeconds: 43.25,
      duration: 0.1 + 0.2,
      lastReportAt: WITH_MS,
      createdAt: Y2038,
      updatedAt: WITH_MS,
    },
  ]);
}
