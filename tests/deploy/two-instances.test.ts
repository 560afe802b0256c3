/**
 * Two web instances on one PostgreSQL database, as Render runs them behind its balancer: what
 * one instance decides (a session, a sign-out, a throttle count, a staff revoke) holds on the
 * other at once, the only in-process cache (the gate's step ids) is stale for at most a second,
 * and two `cli sync` started together never both run.
 */
import { eq } from 'drizzle-orm';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordUser } from '#api/auth/users.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { createStepikClient } from '#api/stepik/client.ts';
import { runSync } from '#api/sync/run.ts';
import { buildDemoState, DEMO_SYNC_CLIENT } from '#scripts/fakes/stepik/demo.ts';
import { startFakeStepik, type FakeStepik } from '#scripts/fakes/stepik/server.ts';
import { builtSite } from '../support/built-site.ts';
import { Browserish } from '../support/browserish.ts';
import { runCliAsync } from '../support/cli.ts';
import {
  createPostgresDatabase,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../support/databases.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const lessons = listLessons(course);
const lesson = lessons.find(
  (l) => l.videos.length > 0 && l.stepikLessonId !== null && l.slug !== lessons[0]!.slug,
)!;
const PASSWORD = '121212121';
/** The architecture's bound on any in-process cache: instances agree within it. */
const STALE_AT_MOST_IN_MS = 1_000;

let test: TestDatabase;
let stepik: FakeStepik;
let env: Record<string, string>;
let a: RunningServer;
let b: RunningServer;
const ids: Record<string, number> = {};

describe.skipIf(!TEST_DATABASE_URL)('two web instances on one PostgreSQL database', () => {
  beforeAll(async () => {
    test = await createPostgresDatabase();
    stepik = await startFakeStepik({ state: buildDemoState(course) });
    for (const [email, stepikUserId] of [
      ['anna@example.ru', 700_002],
      ['ivan@example.ru', 700_003],
      ['teacher@example.ru', null],
      ['locked@example.ru', null],
    ] as const) {
      const user = await createPasswordUser(test.database, { email, password: PASSWORD });
      if (stepikUserId)
        await test.database.db
          .update(test.database.t.users)
          .set({ stepikUserId })
          .where(eq(test.database.t.users.id, user.id));
      ids[email] = user.id;
    }
    // The structure, as the cron job's first run leaves it; the CLI runs below then sync progress.
    await runSync(
      test.database,
      course,
      createStepikClient({
        baseUrl: stepik.url,
        clientId: DEMO_SYNC_CLIENT.id,
        clientSecret: DEMO_SYNC_CLIENT.secret,
        requestsPerSecond: 50,
      }),
      { stepikUserId: 700_002 },
    );
    env = {
      DATABASE_URL: test.url,
      STEPIK_BASE_URL: stepik.url,
      STEPIC_CLIENT_ID: DEMO_SYNC_CLIENT.id,
      STEPIC_SECRET: DEMO_SYNC_CLIENT.secret,
      STAFF_EMAILS: 'teacher@example.ru',
      TRUSTED_PROXY_HOPS: '1',
    };
    [a, b] = await Promise.all([
      startBuiltServer(builtSite(), env),
      startBuiltServer(builtSite(), env),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await stepik?.close();
    await test?.dispose();
  });

  /** Each request speaks from its own address, so only the per-account counter is in play. */
  let address = 0;
  const from = () => ({ 'X-Forwarded-For': `198.51.100.${++address}` });
  async function signIn(server: RunningServer, email: string): Promise<Browserish> {
    const browser = new Browserish(server.origin);
    expect(
      (
        await browser.fetch('/api/auth/password', {
          method: 'POST',
          json: { email, password: PASSWORD },
          headers: from(),
        })
      ).status,
    ).toBe(200);
    return browser;
  }
  /** The same cookies sent to the other instance: what the balancer does between two requests. */
  function sameCookiesOn(server: RunningServer, browser: Browserish): Browserish {
    const other = new Browserish(server.origin);
    for (const [name, value] of browser.cookies) other.cookies.set(name, value);
    return other;
  }

  it('a session made on one instance works on the other, and a sign-out on one is refused on the other at once', async () => {
    const onA = await signIn(a, 'anna@example.ru');
    const onB = sameCookiesOn(b, onA);
    expect((await (await onB.fetch('/api/me')).json()) as unknown).toMatchObject({
      user: { email: 'anna@example.ru' },
    });
    expect((await onA.fetch('/api/auth/logout', { method: 'POST' })).status).toBe(204);
    const after = await onB.fetch('/api/me');
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('counts wrong passwords sent alternately to both instances as one count', async () => {
    const wrong = (server: RunningServer, i: number) =>
      new Browserish(server.origin).fetch('/api/auth/password', {
        method: 'POST',
        json: { email: 'locked@example.ru', password: `00000000${i}` },
        headers: from(),
      });
    // 5 free tries in all: A, B, A, B, A.
    for (let i = 0; i < 5; i++) expect((await wrong(i % 2 ? b : a, i)).status).toBe(401);
    const sixth = await wrong(b, 5);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    for (const server of [a, b]) {
      const right = await new Browserish(server.origin).fetch('/api/auth/password', {
        method: 'POST',
        json: { email: 'locked@example.ru', password: PASSWORD },
        headers: from(),
      });
      expect(right.status).toBe(429);
    }
  });

  it('a staff grant or revoke on one instance opens or closes the video on the other at once', async () => {
    const teacher = await signIn(a, 'teacher@example.ru');
    const ivan = await signIn(b, 'ivan@example.ru');
    const video = () => ivan.fetch(`/api/lessons/${lesson.slug}/video`);
    expect((await video()).status).toBe(403);
    const decide = (action: string) =>
      teacher.fetch('/api/admin/access', {
        method: 'POST',
        json: { userId: ids['ivan@example.ru'], lesson: lesson.slug, action },
      });
    expect((await decide('grant')).status).toBe(200);
    expect((await video()).status).toBe(200);
    expect((await decide('revoke')).status).toBe(200);
    const closed = await video();
    expect(closed.status).toBe(403);
    expect(await closed.json()).toMatchObject({ unlocked: false, error: 'locked' });
  });

  it("sees a change of a lesson's steps on both instances within a second (the step-id cache's bound)", async () => {
    const anna = await signIn(a, 'anna@example.ru');
    const onB = sameCookiesOn(b, anna);
    const total = async (browser: Browserish) =>
      (
        (await (await browser.fetch(`/api/lessons/${lesson.slug}/video`)).json()) as {
          stepsTotal: number;
        }
      ).stepsTotal;
    const { db, t } = test.database;
    const [row] = await db
      .select({ stepIds: t.stepikLessons.stepIds })
      .from(t.stepikLessons)
      .where(eq(t.stepikLessons.id, lesson.stepikLessonId!));
    const before = row!.stepIds.length;
    expect(before).toBeGreaterThan(0);
    // Both instances have just read (and cached) the steps.
    expect([await total(anna), await total(onB)]).toEqual([before, before]);
    // A teacher adds a step; the daily structure sync (any process) stores it.
    await db
      .update(t.stepikLessons)
      .set({ stepIds: [...row!.stepIds, 99_999_001] })
      .where(eq(t.stepikLessons.id, lesson.stepikLessonId!));
    try {
      // Waiting out the bound is the point here: after it, no instance may answer from before the change.
      await new Promise((resolve) => setTimeout(resolve, STALE_AT_MOST_IN_MS + 50));
      expect([await total(anna), await total(onB)]).toEqual([before + 1, before + 1]);
    } finally {
      await db
        .update(t.stepikLessons)
        .set({ stepIds: row!.stepIds })
        .where(eq(t.stepikLessons.id, lesson.stepikLessonId!));
    }
  });

  it('two `cli sync` started together: one runs, the other says it is busy, nothing is doubled', async () => {
    stepik.state.setLessonPassed(700_003, lesson.stepikLessonId!, true);
    stepik.state.setLessonPassed(700_002, lessons[0]!.stepikLessonId!, true);
    // Slow Stepik answers, so the first run still holds the lock when the second asks for it.
    stepik.state.faults.latencyInMs = 1_000;
    stepik.state.faults.latencyPathPrefix = '/';
    const cliEnv = { ...env, STEPIK_REQUESTS_PER_SECOND: '50' };
    const results = await Promise.all([
      runCliAsync(['sync'], { env: cliEnv }),
      runCliAsync(['sync'], { env: cliEnv }),
    ]).finally(() => stepik.state.faults.clear());
    const ran = results.filter((r) => r.code === 0);
    const busy = results.filter((r) => r.code !== 0);
    expect(ran, JSON.stringify(results)).toHaveLength(1);
    expect(ran[0]!.stdout).toMatch(/^students 3 \(linked here: 2\)/);
    expect(busy).toHaveLength(1);
    expect(busy[0]!.code).toBe(1);
    expect(busy[0]!.stderr).toBe(
      'error: another sync is running (the "sync" lock is held); try again when it ends\n',
    );

    const { db, t } = test.database;
    const runs = await db
      .select({ kind: t.syncRuns.kind, status: t.syncRuns.status })
      .from(t.syncRuns)
      .where(eq(t.syncRuns.kind, 'progress'));
    expect(runs).toEqual([{ kind: 'progress', status: 'ok' }]);
    const progress = await db
      .select({ userId: t.lessonProgress.userId, lessonId: t.lessonProgress.lessonId })
      .from(t.lessonProgress);
    const linked = [ids['anna@example.ru'], ids['ivan@example.ru']];
    const withStepik = lessons.filter((l) => l.stepikLessonId !== null).length;
    expect(progress.filter((p) => linked.includes(p.userId))).toHaveLength(
      linked.length * withStepik,
    );
    expect(new Set(progress.map((p) => `${p.userId}:${p.lessonId}`)).size).toBe(progress.length);
    const events = await db
      .select({ userId: t.unlockEvents.userId, slug: t.unlockEvents.lessonSlug })
      .from(t.unlockEvents);
    // Ivan's passed lesson (plus the grant above, already queued) and Anna's first lesson: once each.
    expect(events.filter((e) => e.userId === ids['anna@example.ru']).map((e) => e.slug)).toEqual([
      lessons[0]!.slug,
    ]);
    expect(events.filter((e) => e.userId === ids['ivan@example.ru']).map((e) => e.slug)).toEqual([
      lesson.slug,
    ]);
  }, 180_000);
});
