/** describeError: a real failing query on every dialect, and the shapes other errors come in. */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describeError } from '#api/log/safe-error.ts';
import { dialects, disposeAfterEach } from '../support/databases.ts';

const fresh = disposeAfterEach();
const CODE = 'Am0TlUow';

describe.each(dialects)('describeError on $name', ({ create }) => {
  it('a failed query: the driver’s words, not the statement or its parameters', async () => {
    const { database } = await fresh(create);
    const { db, t } = database;
    const error = await db
      .insert(t.passwords)
      .values({ userId: 999_999, mediaCode: CODE, password: 'hash-secret-0123' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Error);
    // Drizzle wraps the PostgreSQL driver's error with the statement and its params (the code among them).
    if (database.dialect === 'postgres') expect((error as Error).message).toContain(CODE);
    const line = describeError(error);
    expect(line).toMatch(/foreign key/i);
    expect(line).not.toContain(CODE);
    expect(line).not.toContain('hash-secret-0123');
    expect(line).not.toMatch(/insert into/i);
    const [none] = await db.select().from(t.passwords).where(eq(t.passwords.mediaCode, CODE));
    expect(none).toBeUndefined();
  });
});

describe('describeError', () => {
  it.each([
    [
      'a query error without a cause',
      Object.assign(new Error(`Failed query: select 1\nparams: ${CODE}`), { params: [CODE] }),
      'a database query failed',
    ],
    ['parameters appended to a message', new Error(`boom\nparameters: ${CODE}`), 'boom'],
    [
      'a URL with a media code',
      new Error(`GET /ppv/addbuyer?media=${CODE}&hash=abc`),
      'GET /ppv/addbuyer?media=[redacted]&hash=[redacted]',
    ],
    ['several lines', new Error('one\ntwo'), 'one two'],
    ['a string', 'plain words', 'plain words'],
    ['not an Error', { code: CODE }, 'a non-Error value was thrown'],
  ])('%s', (_name, error, expected) => {
    expect(describeError(error)).toBe(expected);
  });

  it('blanks the secrets it is given and keeps the line short', () => {
    expect(describeError(new Error(`video ${CODE} failed`), [CODE])).toBe(
      'video [redacted] failed',
    );
    expect(describeError(new Error('x'.repeat(1000)))).toHaveLength(300);
  });
});
