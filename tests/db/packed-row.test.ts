/**
 * A hot statement's row packed into one JSON column on SQLite (rowFields, api/db/prepared.ts):
 * prepareRows gives the same arrays of the same values as the columns themselves would — on
 * both dialects, whatever the text holds — and a row too wide to pack stays in columns.
 */
import { sql } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { PACKED_ROW, rowFields } from '#api/db/prepared.ts';
import { dialects, disposeAfterEach } from '../support/databases.ts';

const fresh = disposeAfterEach();

const TEXTS = [
  'plain',
  'кавычки "внутри" и \\ обратная черта',
  'перевод\nстроки\tи\u2028разделитель',
  '😀 и \u0001 управляющий',
  '',
  '{"o":true,"r":"not_yet"}',
];

describe.each(dialects)('a packed row on $name', ({ name, create }) => {
  it('reads as the same array as the columns themselves', async () => {
    const { database } = await fresh(create);
    const { db, t } = database;
    const expiresAt = new Date('2027-03-04T05:06:07.089Z');
    const ids: number[] = [];
    for (const [i, email] of TEXTS.entries()) {
      const [user] = await db
        .insert(t.users)
        .values({ email: `${i}-${email}@example.ru`, stepikUserId: i === 0 ? null : 2 ** 40 + i })
        .returning();
      ids.push(user!.id);
    }
    await db.insert(t.sessions).values({ id: 'token-hash', userId: ids[1]!, expiresAt });
    const fields = {
      id: t.users.id,
      email: t.users.email,
      stepik: t.users.stepikUserId,
      expires: t.sessions.expiresAt,
      literal: sql`${sql.placeholder('text')}`,
      real: sql`(${t.users.id} + 0.1)`,
      missing: sql`null`,
    };
    const query = (packed: boolean) =>
      db
        .select((packed ? rowFields(database, fields) : fields) as typeof fields)
        .from(t.users)
        .leftJoin(t.sessions, sql`${t.sessions.userId} = ${t.users.id}`)
        .orderBy(t.users.id)
        .getSQL();
    const packed = database.prepareRows(query(true));
    const columns = database.prepareRows(query(false));
    for (const text of TEXTS) {
      const rows = await packed({ text });
      expect(rows).toEqual(await columns({ text }));
      expect(rows).toHaveLength(TEXTS.length);
      expect(rows.map((row) => row[4])).toEqual(TEXTS.map(() => text));
    }
    const [, second] = await packed({ text: 'x' });
    // SQLite's own values: integer milliseconds; PostgreSQL's: a Date.
    expect(second![3]).toEqual(name === 'sqlite' ? expiresAt.getTime() : expiresAt);
    expect(Number(second![2])).toBe(2 ** 40 + 1);
    expect(second![6]).toBeNull();
    // On SQLite the statement really is one column.
    if (name === 'sqlite')
      expect(new SQLiteAsyncDialect().sqlToQuery(query(true)).sql).toContain(`as "${PACKED_ROW}"`);
  });

  it('gives JSON text as text once its subtype is dropped, and leaves a wide row in columns', async () => {
    const { database } = await fresh(create);
    const extracted =
      name === 'sqlite'
        ? sql`(json_extract('[{"a":1},{"b":"ж"}]', '$[1]') || '')`
        : sql`(('[{"a":1},{"b":"ж"}]'::jsonb -> 1)::text)`;
    const select = (fields: Record<string, unknown>) =>
      database.prepareRows(
        database.db
          .select(rowFields(database, fields) as Record<string, typeof extracted>)
          .from(database.t.users)
          .getSQL(),
      );
    // No users: no row at all.
    expect(await select({ entry: extracted })({})).toEqual([]);
    await database.db.insert(database.t.users).values({ email: 'one@example.ru' });
    const [[entry, n]] = (await select({ entry: extracted, n: sql`1` })({})) as [[string, number]];
    expect(JSON.parse(entry)).toEqual({ b: 'ж' });
    expect(Number(n)).toBe(1);

    const wide = Object.fromEntries(
      Array.from({ length: 150 }, (_, i) => [`c${i}`, sql`${sql.raw(String(i))}`]),
    );
    expect(Object.keys(rowFields(database, wide))).toHaveLength(150);
    const [values] = await select(wide)({});
    expect(values!.map(Number)).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });
});
