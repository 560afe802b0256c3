/** The video gate, progress and "Проверить снова" over real HTTP, with the fake Stepik behind the sync. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import path from 'node:path';
import { setOverrides } from '#api/access/overrides.ts';
import { createPasswordUser } from '#api/auth/users.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { signInitData } from '#api/telegram/index.ts';
import { createStepikClient } from '#api/stepik/client.ts';
import { runSync } from '#api/sync/run.ts';
import { DEMO_SYNC_CLIENT } from '#scripts/fakes/stepik/demo.ts';
import { demoStepsCount } from '#scripts/fakes/stepik/generate.ts';
import { BOT_TOKEN, startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { Browserish } from '../support/browserish.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const lessons = listLessons(course);
const twoParts = lessons.find((l) => l.videos.length === 2)!;
const other = lessons.find((l) => l.videos.length === 1 && l.slug !== lessons[0]!.slug)!;
const codes = lessons.flatMap((l) => l.videos.map((v) => v.code));

let s: AuthServer;
const students: Record<string, number> = {};
beforeAll(async () => {
  s = await startAuthServer();
  for (const [email, stepik] of [
    ['anna@example.ru', 700_002],
    ['ivan@example.ru', 700_003],
    ['nolink@example.ru', null],
  ] as const) {
    const user = await createPasswordUser(s.test.database, { email, password: '111222333' });
    if (stepik)
      await s.test.database.db
        .update(s.test.database.t.users)
        .set({ stepikUserId: stepik, telegramId: stepik * 10 })
        .where(eq(s.test.database.t.users.id, user.id));
    students[email] = user.id;
  }
  // What the cron job does every 10 minutes: structure and everyone's progress.
  const source = createStepikClient({
    baseUrl: s.stepik.url,
    clientId: DEMO_SYNC_CLIENT.id,
    clientSecret: DEMO_SYNC_CLIENT.secret,
    requestsPerSecond: 50,
  });
  await runSync(s.test.database, course, source);
});
afterAll(() => s?.close());

async function as(email: string): Promise<Browserish> {
  const b = new Browserish(s.server.origin);
  expect(
    (
      await b.fetch('/api/auth/password', {
        method: 'POST',
        json: { email, password: '111222333' },
      })
    ).status,
  ).toBe(200);
  return b;
}
const video = (b: Browserish, id: string | number) => b.fetch(`/api/lessons/${id}/video`);

describe('GET /api/lessons/:lessonId/video', () => {
  it('asks for a session first', async () => {
    const response = await fetch(`${s.server.origin}/api/lessons/${twoParts.stepikLessonId}/video`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: 'unauthorized',
      message: expect.any(String),
    });
  });

  it('answers 404 for a lesson that does not exist', async () => {
    const response = await video(await as('anna@example.ru'), 123);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'lesson_not_found' });
  });

  it('keeps a locked lesson closed: progress and the Stepik link, and no media code at all', async () => {
    const response = await video(await as('anna@example.ru'), twoParts.stepikLessonId!);
    expect(response.status).toBe(403);
    const text = await response.text();
    for (const code of codes) expect(text).not.toContain(code);
    expect(JSON.parse(text)).toMatchObject({
      unlocked: false,
      stepsPassed: 0,
      stepsTotal: demoStepsCount(twoParts.stepikLessonId!),
      stepikUrl: `https://stepik.org/lesson/${twoParts.stepikLessonId}`,
      error: 'locked',
    });
  });

  it('opens after the steps are passed on Stepik and "Проверить снова": every part, in order', async () => {
    const anna = await as('anna@example.ru');
    s.stepik.state.setLessonPassed(700_002, twoParts.stepikLessonId!, true);
    const refreshed = await anna.fetch(`/api/lessons/${twoParts.stepikLessonId}/refresh`, {
      method: 'POST',
    });
    expect(refreshed.status).toBe(200);
    const fresh = (await refreshed.json()) as {
      unlocked: boolean;
      stepsPassed: number;
      stepsTotal: number;
    };
    expect(fresh).toMatchObject({
      lessonId: twoParts.stepikLessonId,
      slug: twoParts.slug,
      unlocked: true,
    });
    expect(fresh.stepsPassed).toBe(fresh.stepsTotal);
    expect(fresh.stepsTotal).toBeGreaterThan(0);
    const response = await video(anna, twoParts.stepikLessonId!);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      unlocked: true,
      parts: twoParts.videos.map((v) => ({
        title: v.title,
        embedUrl: `https://play.boomstream.com/${v.code}`,
      })),
      playerOrigin: 'https://play.boomstream.com',
    });
    const events = await s.test.database.db
      .select()
      .from(s.test.database.t.unlockEvents)
      .where(eq(s.test.database.t.unlockEvents.userId, students['anna@example.ru']!));
    expect(events.map((e) => e.lessonSlug)).toEqual([twoParts.slug]);
  });

  it('answers a lesson the same before the API router (one statement) as through it', async () => {
    const anna = await as('anna@example.ru');
    s.stepik.state.setLessonPassed(700_002, twoParts.stepikLessonId!, true);
    await anna.fetch(`/api/lessons/${twoParts.stepikLessonId}/refresh`, { method: 'POST' });
    // A query string takes the router: the server answers the bare path before it.
    const fast = await video(anna, twoParts.stepikLessonId!);
    const routed = await anna.fetch(`/api/lessons/${twoParts.stepikLessonId}/video?via=router`);
    const headers = (r: Response) =>
      [...r.headers].filter(([name]) => name !== 'date').sort(([a], [b]) => a.localeCompare(b));
    expect(fast.status).toBe(200);
    expect(routed.status).toBe(200);
    expect(headers(fast)).toEqual(headers(routed));
    expect(await fast.text()).toBe(await routed.text());
    // A closed lesson's 403 with its reason, the same both ways.
    const closedFast = await video(anna, other.stepikLessonId!);
    const closedRouted = await anna.fetch(`/api/lessons/${other.stepikLessonId}/video?via=router`);
    expect(closedFast.status).toBe(403);
    expect(headers(closedFast)).toEqual(headers(closedRouted));
    expect(await closedFast.text()).toBe(await closedRouted.text());
    // And the progress of every lesson.
    const progressFast = await anna.fetch('/api/progress');
    const progressRouted = await anna.fetch('/api/progress?via=router');
    expect(progressFast.status).toBe(200);
    expect(headers(progressFast)).toEqual(headers(progressRouted));
    expect(await progressFast.text()).toBe(await progressRouted.text());
    // A session in its second half takes the router (which sends the cookie again), not the fast answer.
    const { db, t } = s.test.database;
    await db
      .update(t.sessions)
      .set({ expiresAt: new Date(Date.now() + 86_400_000) })
      .where(eq(t.sessions.userId, students['anna@example.ru']!));
    const renewed = await video(anna, twoParts.stepikLessonId!);
    expect(renewed.status).toBe(200);
    expect(renewed.headers.getSetCookie().join()).toMatch(/session=/);
  });

  it('throttles "Проверить снова" to once per 30 seconds per student', async () => {
    const again = await (
      await as('anna@example.ru')
    ).fetch(`/api/lessons/${twoParts.slug}/refresh`, { method: 'POST' });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('reports progress for every lesson', async () => {
    const response = await (await as('anna@example.ru')).fetch('/api/progress');
    const { lessons: list } = (await response.json()) as {
      lessons: { lessonId: number | string; slug: string; unlocked: boolean; stepsTotal: number }[];
    };
    expect(list).toHaveLength(lessons.length);
    expect(list.find((l) => l.slug === twoParts.slug)).toMatchObject({ unlocked: true });
    expect(list.find((l) => l.slug === other.slug)).toMatchObject({
      lessonId: other.stepikLessonId,
      unlocked: false,
    });
  });

  it('lets staff grant and revoke: a revoke wins over passed steps', async () => {
    await setOverrides(s.test.database, {
      userId: students['ivan@example.ru']!,
      lessons: [other],
      action: 'grant',
      actor: 'test',
    });
    const ivan = await as('ivan@example.ru');
    expect((await video(ivan, other.slug)).status).toBe(200);
    await setOverrides(s.test.database, {
      userId: students['anna@example.ru']!,
      lessons: [twoParts],
      action: 'revoke',
      actor: 'test',
    });
    const anna = await as('anna@example.ru');
    const revoked = await video(anna, twoParts.stepikLessonId!);
    expect(revoked.status).toBe(403);
    expect(await revoked.json()).toMatchObject({ unlocked: false });
  });

  it('gives every request that arrives with others its own answer, in order (the lanes send them together)', async () => {
    // After the test above: Ivan's `other` is open by a grant, Anna's `twoParts` revoked.
    const cookieOf = (b: Browserish) => [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const ivan = cookieOf(await as('ivan@example.ru'));
    const anna = cookieOf(await as('anna@example.ru'));
    const ask = (cookie: string, id: string | number) =>
      fetch(`${s.server.origin}/api/lessons/${id}/video`, { headers: { Cookie: cookie } });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 ? ask(anna, twoParts.stepikLessonId!) : ask(ivan, other.stepikLessonId!),
      ),
    );
    for (const [i, response] of answers.entries()) {
      const body = (await response.json()) as { unlocked: boolean; parts?: unknown[] };
      expect(response.status).toBe(i % 2 ? 403 : 200);
      expect(body.unlocked).toBe(!(i % 2));
      if (!(i % 2)) expect(body.parts).toHaveLength(other.videos.length);
    }
    // Pipelined on one connection: the answers come back in the order asked.
    const socket = net.connect(Number(new URL(s.server.origin).port), '127.0.0.1');
    const asked = [
      `/api/lessons/${twoParts.stepikLessonId}/video`,
      '/api/progress',
      `/api/lessons/${twoParts.stepikLessonId}/video`,
      '/api/lessons/123/video',
    ];
    let raw = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (raw += chunk));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write(
      asked
        .map(
          (p, i) =>
            `GET ${p} HTTP/1.1\r\nHost: x\r\nCookie: ${anna}\r\n${i === asked.length - 1 ? 'Connection: close\r\n' : ''}\r\n`,
        )
        .join(''),
    );
    await closed;
    // Each answer's status line follows the previous body on the same line (a body ends with no newline).
    expect([...raw.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]))).toEqual([
      403, 200, 403, 404,
    ]);
  });

  it('accepts the Mini App initData instead of a cookie', async () => {
    const initData = signInitData(
      {
        user: JSON.stringify({ id: 7_000_030, first_name: 'Иван' }),
        auth_date: String(Math.floor(Date.now() / 1000)),
      },
      BOT_TOKEN,
    );
    const response = await fetch(`${s.server.origin}/api/lessons/${other.slug}/video`, {
      headers: { Authorization: `tma ${initData}` },
    });
    expect(response.status).toBe(200);
  });
});

describe('POST /api/lessons/:lessonId/refresh', () => {
  it('asks a student without Stepik to link it', async () => {
    const response = await (
      await as('nolink@example.ru')
    ).fetch(`/api/lessons/${other.slug}/refresh`, { method: 'POST' });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: 'stepik_not_linked',
      message: expect.stringContaining('Привяжите'),
    });
  });

  it('says so when Stepik does not answer, and keeps what was stored', async () => {
    s.stepik.state.faults.add({
      kind: 'server-error',
      times: 20,
      pathPrefix: '/api/course-grades',
    });
    const response = await (
      await as('ivan@example.ru')
    ).fetch(`/api/lessons/${other.slug}/refresh`, { method: 'POST' });
    s.stepik.state.faults.clear();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'stepik_unavailable' });
  }, 180_000);
});
