/** load never stores a Boomstream password in plain text: it hashes what is not a hash yet. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '#api/crypto/password-hash.ts';
import { loadDump } from '#api/db/dump.ts';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';

let test: TestDatabase;
beforeAll(async () => {
  test = await createSqliteDatabase();
});
afterAll(() => test?.dispose());

describe('load and Boomstream passwords', () => {
  it('hashes plain passwords (leading zeros kept), keeps existing hashes, and lower-cases emails', async () => {
    const existing = await hashPassword('999999999');
    await loadDump(test.database, {
      format: 'course-site-dump',
      version: 1,
      tables: {
        users: [
          { id: 1, email: ' Plain@Example.RU', boom_password: '012345678' },
          { id: 2, email: 'hashed@example.ru', boom_password: existing },
          { id: 3, email: 'none@example.ru', boom_password: null },
        ],
      },
    });
    const users = await test.database.db.select().from(test.database.t.users);
    const byEmail = new Map(users.map((u) => [u.email, u.boomPassword]));
    expect(byEmail.get('plain@example.ru')).not.toBe('012345678');
    expect(await verifyPassword('012345678', byEmail.get('plain@example.ru')!)).toBe(true);
    expect(await verifyPassword('12345678', byEmail.get('plain@example.ru')!)).toBe(false);
    expect(byEmail.get('hashed@example.ru')).toBe(existing);
    expect(byEmail.get('none@example.ru')).toBeNull();
  });
});
