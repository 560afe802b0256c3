/** `sync` and `access grant|revoke|reset` through the real CLI entry, against the fake Stepik. */
import { eq } from 'drizzle-orm';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordUser } from '#api/auth/users.ts';
import { loadCourseContent } from '#api/course/load.ts';
import { DEMO_SYNC_CLIENT, startDemoFakeStepik } from '#scripts/fakes/stepik/demo.ts';
import type { FakeStepik } from '#scripts/fakes/stepik/server.ts';
import { runCliAsync as runCli } from '../support/cli.ts';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
let stepik: FakeStepik;
let test: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  stepik = await startDemoFakeStepik(course);
  test = await createSqliteDatabase();
  const user = await createPasswordUser(test.database, { email: 'demo@example.ru', password: '1' });
  await test.database.db
    .update(test.database.t.users)
    .set({ stepikUserId: 700_001 })
    .where(eq(test.database.t.users.id, user.id));
  env = {
    DATABASE_URL: test.url,
    STEPIK_BASE_URL: stepik.url,
    STEPIC_CLIENT_ID: DEMO_SYNC_CLIENT.id,
    STEPIC_SECRET: DEMO_SYNC_CLIENT.secret,
  };
});
afterAll(async () => {
  await stepik?.close();
  await test?.dispose();
});

describe('npm run cli -- sync', () => {
  it('reads the structure and everyone, and prints the one-line summary', async () => {
    const result = await runCli(['sync'], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // The demo learner 700001 has passed the first lesson on the fake.
    expect(result.stdout).toMatch(
      /^students 3 \(linked here: 1\), lessons newly unlocked 1, requests \d+, every grade-book page, \d+ KB from Stepik, \d+\.\d s\n$/,
    );
    expect((await runCli(['sync', '--user', 'demo@example.ru'], { env })).stdout).toMatch(
      /^students 1 \(linked here: 1\), lessons newly unlocked 0, requests 2, /,
    ); // a token and one grade-book request
  });

  it('says what is missing without Stepik credentials, and when the student is unknown', async () => {
    const noCredentials = await runCli(['sync'], {
      env: { ...env, STEPIC_CLIENT_ID: '', STEPIC_SECRET: '' },
    });
    expect(noCredentials.code).toBe(1);
    expect(noCredentials.stderr).toMatch(/^error: STEPIC_CLIENT_ID and STEPIC_SECRET are not set/);
    expect((await runCli(['sync', '--user', 'nobody@example.ru'], { env })).stderr).toMatch(
      /^error: no user "nobody@example.ru"/,
    );
  });
});

describe('npm run cli -- access', () => {
  it('grants a module, revokes a lesson, resets it, recording who decided', async () => {
    const granted = await runCli(
      [
        'access',
        'grant',
        '--user',
        'DEMO@example.ru',
        '--module',
        '2',
        '--by',
        'teacher@example.ru',
        '--reason',
        'болела',
      ],
      { env },
    );
    expect(granted.code).toBe(0);
    expect(granted.stdout).toContain(
      `granted: ${course.modules[1]!.lessons.map((l) => l.slug).join(', ')}`,
    );
    const revoked = await runCli(
      [
        'access',
        'revoke',
        '--user',
        'demo@example.ru',
        '--lesson',
        String(course.modules[1]!.lessons[0]!.stepikLessonId),
      ],
      { env },
    );
    expect(revoked.code).toBe(0);
    const rows = await test.database.db.select().from(test.database.t.accessOverrides);
    expect(rows.find((r) => r.lessonSlug === course.modules[1]!.lessons[0]!.slug)).toMatchObject({
      action: 'revoke',
      actor: expect.stringMatching(/^cli:/),
    });
    expect(rows.find((r) => r.lessonSlug === course.modules[1]!.lessons[1]!.slug)).toMatchObject({
      action: 'grant',
      actor: 'teacher@example.ru',
      reason: 'болела',
    });
    expect(
      (await runCli(['access', 'reset', '--user', 'demo@example.ru', '--module', '2'], { env }))
        .stdout,
    ).toMatch(/^4 override\(s\) removed/);
  });

  it('refuses unclear requests with a one-line reason', async () => {
    expect((await runCli(['access', 'grant', '--user', 'demo@example.ru'], { env })).stderr).toBe(
      'error: give exactly one of --lesson <slug or Stepik id> and --module <position or title>\n',
    );
    expect(
      (await runCli(['access', 'grant', '--user', 'demo@example.ru', '--lesson', 'nope'], { env }))
        .stderr,
    ).toMatch(/^error: no lesson "nope"/);
    expect((await runCli(['access', 'grant', '--lesson', 'welcome'], { env })).code).toBe(1);
  });
});
