/**
 * On SQLite's one connection, a statement from elsewhere never lands inside someone's
 * transaction (api/db/client.ts). Every way the project reaches the database is started here
 * while another request's transaction is open and must (1) not finish before that transaction
 * has ended, (2) not see its writes, and (3) keep its own writes when that transaction rolls
 * back. Without the lock each of them runs between BEGIN and ROLLBACK and fails all three.
 */
import { lookUpProgress } from '#api/access/progress.ts';
import { loadAccessSnapshot, loadLessonAccess } from '#api/access/snapshot.ts';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookUpGate } from '#api/access/open-answer.ts';
import { lessonOpenRecord } from '#api/access/open-record.ts';
import { loadStudentFacts } from '#api/access/standing.ts';
import { loadStudentAccess } from '#api/access/student-access.ts';
import { validateSessionToken } from '#api/auth/session.ts';
import { sha256Hex } from '#api/auth/tokens.ts';
import { findGrant } from '#api/boomstream/grant-store.ts';
import { loadConfig } from '#api/config.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { lessonApiId } from '#api/course/public.ts';
import type { Database } from '#api/db/client.ts';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const { course } = loadCourseContent(path.join(ROOT, 'content'));
const lesson = listLessons(course).find((l) => l.stepikLessonId !== null)!;

let test: TestDatabase;
let userId: number;
beforeAll(async () => {
  test = await createSqliteDatabase();
  const { db, t } = test.database;
  [{ id: userId }] = (await db
    .insert(t.users)
    .values({ email: 'student@example.ru', firstName: 'Анна' })
    .returning({ id: t.users.id })) as [{ id: number }];
});
afterAll(() => test?.dispose());

/** What the open transaction writes; nobody outside it may see any of it. */
const INSIDE_EMAIL = 'inside@example.ru';
const INSIDE_TOKEN = 'a'.repeat(32);
/** A lesson of the demo course: granted, progressed and put on the roster inside. */
const INSIDE_LESSON = lesson.slug;
const INSIDE_MEDIA = 'InsideMedia1';
const plainConfig = loadConfig({ APP_ENV: 'development' });
const apiConfig = loadConfig({
  APP_ENV: 'development',
  BOOMSTREAM_SECRET: 'key',
  BOOMSTREAM_SUBSCRIPTION: 'Sub5Code',
});

/** Lets every pending timer, I/O callback and promise run, many times over. */
async function manyTurns(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Opens a transaction that writes the INSIDE_* rows and stays open until `end` is called;
 * `start` is called once the writes are in, as another request's handler would.
 */
async function whileATransactionIsOpen<R>(
  outcome: 'rollback' | 'commit',
  start: () => PromiseLike<R>,
): Promise<{ result: R; settledWhileOpen: boolean }> {
  const { t } = test.database;
  let opened!: () => void;
  const isOpen = new Promise<void>((resolve) => (opened = resolve));
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const transaction = test.database.transaction(async (tx) => {
    const [inside] = await tx
      .insert(t.users)
      .values({ email: INSIDE_EMAIL })
      .returning({ id: t.users.id });
    await tx.insert(t.sessions).values({
      id: sha256Hex(INSIDE_TOKEN),
      userId: inside!.id,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await tx
      .insert(t.accessOverrides)
      .values({ userId, lessonSlug: INSIDE_LESSON, action: 'grant', actor: 'test' });
    await tx.insert(t.lessonProgress).values({
      userId,
      lessonId: lesson.stepikLessonId!,
      stepsPassed: 1,
      stepsTotal: 1,
      unlockedAt: new Date(),
    });
    await tx.insert(t.courseRoster).values({ userId, source: 'cli' });
    await tx.insert(t.passwords).values({ userId, mediaCode: INSIDE_MEDIA, password: 'hash' });
    opened();
    await ended;
    // Still inside: the transaction's own statements keep running while the other one waits.
    await tx.select().from(t.users);
    if (outcome === 'rollback') throw new Error('rolled back on purpose');
  });
  await isOpen;
  let settled = false;
  // Promise.resolve(builder) calls builder.then() as `await builder` does.
  const started = (() => {
    try {
      return Promise.resolve(start());
    } catch (error) {
      return Promise.reject(error);
    }
  })();
  const other = started.finally(() => (settled = true));
  other.catch(() => {});
  await manyTurns();
  const settledWhileOpen = settled;
  end();
  if (outcome === 'rollback') await expect(transaction).rejects.toThrow('rolled back on purpose');
  else await transaction;
  return { result: await other, settledWhileOpen };
}

/** A row by email, read after everything has ended. */
async function userByEmail(
  email: string,
): Promise<{ email: string | null; firstName: string } | undefined> {
  const { db, t } = test.database;
  const [row] = await db
    .select({ email: t.users.email, firstName: t.users.firstName })
    .from(t.users)
    .where(eq(t.users.email, email));
  return row;
}

let serial = 0;
const fresh = (): string => `outside-${++serial}@example.ru`;

/** SQLite's own execution methods, not in the PostgreSQL-typed surface the app is written against. */
type SqliteRunnable = { all(): unknown; get(): unknown; run(): unknown; values(): unknown };
type SqliteDb = {
  all(query: unknown): unknown;
  get(query: unknown): unknown;
  run(query: unknown): unknown;
  values(query: unknown): unknown;
};

interface EntryPoint {
  name: string;
  /** Starts the statement (the call itself is the start: nothing is awaited first). */
  start(database: Database): PromiseLike<unknown>;
  /** After a rollback of the open transaction: the result saw none of its writes, and its own writes stayed. */
  check(result: unknown): Promise<void> | void;
}

const reads: EntryPoint[] = [
  {
    name: 'await select builder',
    start: ({ db, t }) =>
      db.select({ email: t.users.email }).from(t.users).where(eq(t.users.email, INSIDE_EMAIL)),
    check: (rows) => expect(rows).toEqual([]),
  },
  {
    name: 'select with a join, then()',
    start: ({ db, t }) =>
      db
        .select({ session: t.sessions.id })
        .from(t.sessions)
        .innerJoin(t.users, eq(t.sessions.userId, t.users.id))
        .where(eq(t.users.email, INSIDE_EMAIL))
        .then((rows) => rows),
    check: (rows) => expect(rows).toEqual([]),
  },
  {
    name: 'select builder .execute()',
    start: ({ db, t }) =>
      db.select().from(t.users).where(eq(t.users.email, INSIDE_EMAIL)).execute(),
    check: (rows) => expect(rows).toEqual([]),
  },
  {
    name: 'db.$count',
    start: ({ db, t }) => db.$count(t.users, eq(t.users.email, INSIDE_EMAIL)).then((n) => n),
    check: (n) => expect(n).toBe(0),
  },
  {
    name: 'db.query.*.findFirst (relational)',
    start: ({ db, t }) => db.query.users.findFirst({ where: eq(t.users.email, INSIDE_EMAIL) }),
    check: (row) => expect(row).toBeUndefined(),
  },
  {
    name: 'db.query.*.findMany (relational)',
    start: ({ db, t }) =>
      db.query.accessOverrides.findMany({ where: eq(t.accessOverrides.lessonSlug, INSIDE_LESSON) }),
    check: (rows) => expect(rows).toEqual([]),
  },
  {
    name: 'database.rows(raw sql)',
    start: (database) => database.rows(sql`select email from users where email = ${INSIDE_EMAIL}`),
    check: (rows) => expect(rows).toEqual([]),
  },
  // Every statement of api/db/prepared.ts's cache, through the functions that use them (the
  // test below checks that this list names them all).
  {
    name: 'prepared session_with_user (validateSessionToken)',
    start: (database) => validateSessionToken(database, INSIDE_TOKEN),
    check: (session) => expect(session).toBeNull(),
  },
  {
    name: 'prepared gate_open_record (lessonOpenRecord)',
    start: async (database) => [
      await lessonOpenRecord(database, userId, lesson, 'stepik'),
      await lessonOpenRecord(database, userId, lesson, 'roster'),
    ],
    check: (records) => expect(records).toEqual(['unknown', 'unknown']),
  },
  {
    name: 'prepared student_facts (loadStudentFacts)',
    start: (database) => loadStudentFacts(database, userId, 'roster'),
    check: (facts) => expect(facts).toMatchObject({ standing: { onCourse: false } }),
  },
  {
    name: 'prepared student_progress, student_overrides (loadStudentAccess)',
    start: (database) =>
      loadStudentAccess(database, course, userId, new Map(), { audience: 'stepik' }),
    check: (access) =>
      expect(
        (access as Awaited<ReturnType<typeof loadStudentAccess>>).find(
          (item) => item.lesson.slug === INSIDE_LESSON,
        ),
      ).toMatchObject({ override: null, unlockedAt: null }),
  },
  {
    name: 'prepared progress_snapshot (lookUpProgress, database.prepareRows)',
    start: (database) => lookUpProgress(database, plainConfig, course, INSIDE_TOKEN),
    check: (lookup) => expect(lookup).toBeNull(),
  },
  {
    name: 'prepared access_snapshot, access_snapshot_entry (loadAccessSnapshot, loadLessonAccess)',
    start: async (database) => [
      (await loadAccessSnapshot(database, course, plainConfig, userId)).lessons.find(
        (item) => item.lesson.slug === INSIDE_LESSON,
      ),
      await loadLessonAccess(database, course, plainConfig, userId, lesson),
    ],
    check: (items) =>
      expect(items).toMatchObject([
        { override: null, unlockedAt: null },
        { override: null, unlockedAt: null },
      ]),
  },
  {
    name: 'prepared gate_open_answer_N (lookUpGate, database.prepareRows), with and without grants',
    start: async (database) => [
      await lookUpGate(database, plainConfig, course, INSIDE_TOKEN, lessonApiId(lesson)),
      await lookUpGate(database, apiConfig, course, INSIDE_TOKEN, lessonApiId(lesson)),
    ],
    check: (lookups) => expect(lookups).toEqual([null, null]),
  },
  {
    name: 'prepared grant_by_user_media (findGrant)',
    start: (database) => findGrant(database, userId, INSIDE_MEDIA),
    check: (grant) => expect(grant).toBeUndefined(),
  },
  {
    name: 'another transaction',
    start: (database) =>
      database.transaction((tx) =>
        tx.select().from(database.t.users).where(eq(database.t.users.email, INSIDE_EMAIL)),
      ),
    check: (rows) => expect(rows).toEqual([]),
  },
  {
    name: "drizzle's db.transaction",
    start: ({ db, t }) =>
      db.transaction((tx) => tx.select().from(t.users).where(eq(t.users.email, INSIDE_EMAIL))),
    check: (rows) => expect(rows).toEqual([]),
  },
  // Not used by the app (the PostgreSQL types hide the SQLite ones), but a newcomer may reach for them.
  {
    name: 'builder .catch()',
    start: ({ db, t }) =>
      db
        .select()
        .from(t.users)
        .where(eq(t.users.email, INSIDE_EMAIL))
        .catch(() => 'failed'),
    check: (rows) => expect(rows).toEqual([]),
  },
  {
    name: 'SQLite builder .all()',
    start: async ({ db, t }) =>
      (
        db
          .select()
          .from(t.users)
          .where(eq(t.users.email, INSIDE_EMAIL)) as unknown as SqliteRunnable
      ).all(),
    check: (rows) => expect(rows).toEqual([]),
  },
  {
    name: 'SQLite builder .get()',
    start: async ({ db, t }) =>
      (
        db
          .select()
          .from(t.users)
          .where(eq(t.users.email, INSIDE_EMAIL)) as unknown as SqliteRunnable
      ).get(),
    check: (row) => expect(row).toBeUndefined(),
  },
  {
    name: 'SQLite builder .values()',
    start: async ({ db, t }) =>
      (
        db
          .select()
          .from(t.users)
          .where(eq(t.users.email, INSIDE_EMAIL)) as unknown as SqliteRunnable
      ).values(),
    check: (rows) => expect(rows).toEqual([]),
  },
  {
    name: 'SQLite db.all(sql)',
    start: async ({ db }) =>
      (db as unknown as SqliteDb).all(sql`select email from users where email = ${INSIDE_EMAIL}`),
    check: (rows) => expect(rows).toEqual([]),
  },
  {
    name: 'SQLite db.get(sql)',
    start: async ({ db }) =>
      (db as unknown as SqliteDb).get(sql`select email from users where email = ${INSIDE_EMAIL}`),
    check: (row) => expect(row).toBeUndefined(),
  },
  {
    name: 'SQLite db.values(sql)',
    start: async ({ db }) =>
      (db as unknown as SqliteDb).values(
        sql`select email from users where email = ${INSIDE_EMAIL}`,
      ),
    check: (rows) => expect(rows).toEqual([]),
  },
];

function writes(): EntryPoint[] {
  const emails = Array.from({ length: 6 }, fresh);
  const kept = (email: string) => async () => expect(await userByEmail(email)).toBeDefined();
  return [
    {
      name: 'insert builder (no returning)',
      start: ({ db, t }) => db.insert(t.users).values({ email: emails[0] }),
      check: kept(emails[0]!),
    },
    {
      // Inside the open transaction this email exists, so "do nothing" would return no row.
      name: 'insert … on conflict do nothing … returning',
      start: ({ db, t }) =>
        db
          .insert(t.users)
          .values({ email: INSIDE_EMAIL })
          .onConflictDoNothing()
          .returning({ email: t.users.email }),
      check: async (rows) => {
        expect(rows).toEqual([{ email: INSIDE_EMAIL }]);
        expect(await userByEmail(INSIDE_EMAIL)).toBeDefined();
        await test.database.db
          .delete(test.database.t.users)
          .where(eq(test.database.t.users.email, INSIDE_EMAIL));
      },
    },
    {
      name: 'insert … on conflict do update',
      start: ({ db, t }) =>
        db
          .insert(t.users)
          .values({ email: emails[1], firstName: 'Борис' })
          .onConflictDoUpdate({ target: t.users.email, set: { firstName: 'Борис' } }),
      check: kept(emails[1]!),
    },
    {
      name: 'update builder … returning',
      start: ({ db, t }) =>
        db
          .update(t.users)
          .set({ firstName: 'Вера' })
          .where(eq(t.users.id, userId))
          .returning({ firstName: t.users.firstName }),
      check: async (rows) => {
        expect(rows).toEqual([{ firstName: 'Вера' }]);
        expect((await userByEmail('student@example.ru'))?.firstName).toBe('Вера');
      },
    },
    {
      name: 'delete builder … returning',
      start: async ({ db, t }) => {
        const victim = emails[2]!;
        await db.insert(t.users).values({ email: victim });
        return db
          .delete(t.users)
          .where(eq(t.users.email, victim))
          .returning({ email: t.users.email });
      },
      check: async (rows) => {
        expect(rows).toEqual([{ email: emails[2] }]);
        expect(await userByEmail(emails[2]!)).toBeUndefined();
      },
    },
    {
      name: 'SQLite builder .run()',
      start: async ({ db, t }) =>
        (db.insert(t.users).values({ email: emails[3] }) as unknown as SqliteRunnable).run(),
      check: kept(emails[3]!),
    },
    {
      name: 'SQLite db.run(sql)',
      start: async ({ db }) =>
        (db as unknown as SqliteDb).run(sql`insert into users (email) values (${emails[4]})`),
      check: kept(emails[4]!),
    },
    {
      name: 'a transaction of its own',
      start: (database) =>
        database.transaction((tx) => tx.insert(database.t.users).values({ email: emails[5] })),
      check: kept(emails[5]!),
    },
  ];
}

describe('SQLite: a statement started during another request’s transaction', () => {
  it.each([...reads, ...writes()])(
    '$name waits for it, sees none of it, and keeps its own writes',
    async ({ start, check }) => {
      const { result, settledWhileOpen } = await whileATransactionIsOpen('rollback', () =>
        start(test.database),
      );
      expect(settledWhileOpen, 'finished while the other transaction was still open').toBe(false);
      await check(result);
      expect(await userByEmail(INSIDE_EMAIL), 'the rolled-back row').toBeUndefined();
    },
  );

  it('sees the transaction’s writes once it has committed', async () => {
    const { db, t } = test.database;
    const { result, settledWhileOpen } = await whileATransactionIsOpen('commit', () =>
      db.select({ email: t.users.email }).from(t.users).where(eq(t.users.email, INSIDE_EMAIL)),
    );
    expect(settledWhileOpen).toBe(false);
    expect(result).toEqual([{ email: INSIDE_EMAIL }]);
    expect(await lessonOpenRecord(test.database, userId, lesson, 'roster')).toBe('open');
    await db.delete(t.users).where(eq(t.users.email, INSIDE_EMAIL));
    for (const table of [t.accessOverrides, t.lessonProgress, t.courseRoster, t.passwords])
      await db.delete(table).where(eq(table.userId, userId));
  });

  it('covers every prepared statement of the project', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? sources(path.join(dir, entry.name))
          : entry.name.endsWith('.ts')
            ? [path.join(dir, entry.name)]
            : [],
      );
    const names = ['api', 'server', 'bot', 'scripts']
      .flatMap((dir) => sources(path.join(ROOT, dir)))
      .flatMap((file) =>
        // A name built per use (`gate_open_answer_${parts}`) counts by its fixed start.
        [...readFileSync(file, 'utf8').matchAll(/preparedStatement\(\s*\w+,\s*['`]([\w-]+)/g)].map(
          (m) => m[1]!,
        ),
      );
    expect(names.length).toBeGreaterThan(3);
    const covered = reads.map((entry) => entry.name).join(' ');
    expect(names.filter((name) => !covered.includes(` ${name}`))).toEqual([]);
  });

  it('keeps a write made during a transaction that rolls back', async () => {
    const { db, t } = test.database;
    let inside!: () => void;
    const reachedInside = new Promise<void>((resolve) => (inside = resolve));
    const failing = test.database.transaction(async (tx) => {
      await tx.insert(t.users).values({ email: 'rolled-back@example.ru' });
      inside();
      // Give the other "request" every chance to run now.
      for (let i = 0; i < 20; i++) await tx.select().from(t.users);
      throw new Error('half-way');
    });
    await reachedInside;
    // .then() starts the statement now, as awaiting it in another request's handler would.
    const other = db
      .insert(t.users)
      .values({ email: 'other-request@example.ru' })
      .returning()
      .then((rows) => rows);
    await expect(failing).rejects.toThrow('half-way');
    expect(await other).toHaveLength(1);
    expect(
      await db.select().from(t.users).where(eq(t.users.email, 'other-request@example.ru')),
    ).toHaveLength(1);
    expect(
      await db.select().from(t.users).where(eq(t.users.email, 'rolled-back@example.ru')),
    ).toEqual([]);
  });
});
