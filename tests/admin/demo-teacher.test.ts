/**
 * The offline demo as the teacher, exactly as the README tells it: the command's STAFF_EMAILS and
 * the documented password open /admin on a demo database, and the demo student shows up among
 * "who is stuck".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STUDENT, DEMO_TEACHER, seedDemoStudent, seedDemoTeacher } from '#api/demo/seed.ts';
import { startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { Browserish } from '../support/browserish.ts';

const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
const command =
  /^STAFF_EMAILS=(\S+) npm start\s+# sign in as (\S+) \/ (\d{9}), open \/admin$/m.exec(readme);

let s: AuthServer;
beforeAll(async () => {
  expect(command, 'the README documents the teacher demo command').not.toBeNull();
  s = await startAuthServer({ STAFF_EMAILS: command![1]! });
  expect(await seedDemoStudent(s.test.database)).toBe(true);
  expect(await seedDemoTeacher(s.test.database)).toBe(true);
  // Idempotent: a second start adds nobody.
  expect(await seedDemoTeacher(s.test.database)).toBe(false);
});
afterAll(() => s?.close());

describe('the teacher demo', () => {
  it('signs in with the documented account and sees the demo student among who is stuck', async () => {
    expect([command![2], command![3]]).toEqual([DEMO_TEACHER.email, DEMO_TEACHER.password]);
    const teacher = new Browserish(s.server.origin);
    expect(
      (
        await teacher.fetch('/api/auth/password', {
          method: 'POST',
          json: { email: command![2], password: command![3] },
        })
      ).status,
    ).toBe(200);
    const page = await teacher.fetch('/admin');
    expect(page.status).toBe(200);
    const html = await page.text();
    const neverLinked = html.slice(
      html.indexOf('data-stuck-list="never-linked-stepik"'),
      html.indexOf('data-stuck-list="no-recent-progress"'),
    );
    expect(neverLinked).toContain(DEMO_STUDENT.email);
    expect(neverLinked).not.toContain(DEMO_TEACHER.email);
  });
});
