/**
 * POST /api/watch/:lessonId over real HTTP on the built server, on SQLite and PostgreSQL: signed
 * in by cookie or `tma` initData, a sendBeacon-style text/plain body, the Origin check, every
 * refusal storing nothing, a forged report bounded by the wall clock, and `watched` in /api/progress.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { setOverrides } from '#api/access/overrides.ts';
import { createPasswordUser } from '#api/auth/users.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { signInitData } from '#api/telegram/index.ts';
import { BOT_TOKEN } from '../support/auth-server.ts';
import { builtSite } from '../support/built-site.ts';
import { Browserish } from '../support/browserish.ts';
import { dialects, type TestDatabase } from '../support/databases.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const lessons = listLessons(course);
const open = lessons.find((l) => l.videos.length === 2)!;
const closed = lessons.find((l) => l.videos.length === 1 && l.stepikLessonId !== null)!;
const codes = lessons.flatMap((l) => l.videos.map((v) => v.code));
const PASSWORD = '111222333';
const TELEGRAM_ID = 7_000_031;

describe.each(dialects)('POST /api/watch/:lessonId on $name', ({ create }) => {
  let test: TestDatabase;
  let server: RunningServer;
  let annaId: number;
  let tgId: number;

  beforeAll(async () => {
    test = await create();
    const anna = await createPasswordUser(test.database, {
      email: 'anna@example.ru',
      password: PASSWORD,
    });
    const [tg] = await test.database.db
      .insert(test.database.t.users)
      .values({ telegramId: TELEGRAM_ID, firstName: 'Иван' })
      .returning();
    annaId = anna.id;
    tgId = tg!.id;
    for (const userId of [annaId, tgId])
      await setOverrides(test.database, {
        userId,
        lessons: [open],
        action: 'grant',
        actor: 'test',
      });
    server = await startBuiltServer(builtSite(), {
      DATABASE_URL: test.url,
      TELEGRAM_BOT_TOKEN_DEV: BOT_TOKEN,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await test?.dispose();
  });

  async function signIn(): Promise<Browserish> {
    const b = new Browserish(server.origin);
    expect(
      (
        await b.fetch('/api/auth/password', {
          method: 'POST',
          json: { email: 'anna@example.ru', password: PASSWORD },
        })
      ).status,
    ).toBe(200);
    return b;
  }
  const stored = async (userId: number) =>
    (await test.database.db.select().from(test.database.t.watchProgress))
      .filter((r) => r.userId === userId)
      .map((r) => ({ code: r.mediaCode, intervals: r.intervals, at: r.lastReportAt.getTime() }));
  const report = (parts: unknown[]) => ({ method: 'POST', json: { parts } });

  it('asks who is watching', async () => {
    const response = await fetch(`${server.origin}/api/watch/${open.stepikLessonId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ parts: [{ part: 0, intervals: [], duration: 60 }] }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: 'unauthorized',
      message: expect.any(String),
    });
  });

  it('takes a cookie session, and bounds a forged report by the wall clock since the last one', async () => {
    const anna = await signIn();
    const started = performance.now();
    const first = await anna.fetch(
      `/api/watch/${open.stepikLessonId}`,
      report([{ part: 0, intervals: [], duration: 1000 }]),
    );
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      lessonId: open.stepikLessonId,
      slug: open.slug,
      watched: 0,
      parts: [
        { part: 0, watched: 0, watchedSeconds: 0, duration: 1000 },
        { part: 1, duration: null },
      ],
    });
    const forged = await anna.fetch(
      `/api/watch/${open.slug}`,
      report([{ part: 0, intervals: [[0, 1000]], duration: 1000 }]),
    );
    const elapsed = (performance.now() - started) / 1000;
    expect(forged.status).toBe(200);
    const body = (await forged.json()) as { watched: number; parts: { watchedSeconds: number }[] };
    // 2× the wall clock between the two reports plus 5 s of slack, never the claimed 1000 s.
    expect(body.parts[0]!.watchedSeconds).toBeGreaterThan(0);
    expect(body.parts[0]!.watchedSeconds).toBeLessThanOrEqual(5 + 2 * elapsed);
    expect(body.watched).toBeCloseTo(body.parts[0]!.watchedSeconds / 2000);
    // The response holds no media code.
    for (const code of codes) expect(JSON.stringify(body)).not.toContain(code);
  });

  it('takes a text/plain body with the cookie, as navigator.sendBeacon sends it', async () => {
    const anna = await signIn();
    const response = await anna.fetch(`/api/watch/${open.stepikLessonId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ parts: [{ part: 1, intervals: [], duration: 300 }] }),
    });
    expect(response.status).toBe(200);
    expect((await stored(annaId)).map((r) => r.code).sort()).toEqual(
      [...open.videos.map((v) => v.code)].sort(),
    );
  });

  it('takes the Mini App initData instead of a cookie', async () => {
    const initData = signInitData(
      {
        user: JSON.stringify({ id: TELEGRAM_ID, first_name: 'Иван' }),
        auth_date: String(Math.floor(Date.now() / 1000)),
      },
      BOT_TOKEN,
    );
    const response = await fetch(`${server.origin}/api/watch/${open.stepikLessonId}`, {
      method: 'POST',
      headers: {
        Authorization: `tma ${initData}`,
        'Content-Type': 'application/json',
        Origin: server.origin,
      },
      body: JSON.stringify({ parts: [{ part: 0, intervals: [[0, 3]], duration: 60 }] }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      parts: [{ part: 0, watchedSeconds: 3, duration: 60 }, { part: 1 }],
    });
    expect(await stored(tgId)).toEqual([
      { code: open.videos[0]!.code, intervals: [[0, 3]], at: expect.any(Number) },
    ]);
  });

  it.each([
    [
      'a foreign Origin',
      { Origin: 'https://evil.example' },
      JSON.stringify({ parts: [{ part: 0, intervals: [[0, 1]], duration: 1000 }] }),
      () => `/api/watch/${open.stepikLessonId}`,
      403,
      'cross_site',
    ],
    ['garbage', {}, '{"parts": [', () => `/api/watch/${open.stepikLessonId}`, 400, 'bad_json'],
    [
      'a form post',
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      'parts=all',
      () => `/api/watch/${open.stepikLessonId}`,
      400,
      'bad_json',
    ],
    [
      'a closed lesson',
      {},
      JSON.stringify({ parts: [{ part: 0, intervals: [[0, 1]], duration: 60 }] }),
      () => `/api/watch/${closed.stepikLessonId}`,
      403,
      'locked',
    ],
    [
      'an unknown lesson',
      {},
      JSON.stringify({ parts: [{ part: 0, intervals: [[0, 1]], duration: 60 }] }),
      () => '/api/watch/123',
      404,
      'lesson_not_found',
    ],
    [
      'a part that does not exist',
      {},
      JSON.stringify({ parts: [{ part: 5, intervals: [[0, 1]], duration: 60 }] }),
      () => `/api/watch/${open.stepikLessonId}`,
      400,
      'unknown_part',
    ],
    [
      'a duration that does not fit',
      {},
      JSON.stringify({ parts: [{ part: 0, intervals: [[0, 1]], duration: 5 }] }),
      () => `/api/watch/${open.stepikLessonId}`,
      422,
      'duration_mismatch',
    ],
    [
      'an interval past the end',
      {},
      JSON.stringify({ parts: [{ part: 0, intervals: [[0, 2000]], duration: 1000 }] }),
      () => `/api/watch/${open.stepikLessonId}`,
      422,
      'bad_duration',
    ],
    [
      'a body over the cap',
      {},
      JSON.stringify({
        parts: [{ part: 0, intervals: [], duration: 1000 }],
        pad: 'x'.repeat(70_000),
      }),
      () => `/api/watch/${open.stepikLessonId}`,
      413,
      'body_too_large',
    ],
  ])(
    'refuses %s with JSON and stores nothing',
    async (_name, headers, body, url, status, error) => {
      const anna = await signIn();
      const before = await stored(annaId);
      const response = await anna.fetch(url(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toMatchObject({ error, message: expect.any(String) });
      expect(await stored(annaId)).toEqual(before);
    },
  );

  it('answers a GET with 405', async () => {
    const response = await (await signIn()).fetch(`/api/watch/${open.stepikLessonId}`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('puts the watched share in /api/progress, on every lesson with video', async () => {
    const anna = await signIn();
    const { lessons: entries } = (await (await anna.fetch('/api/progress')).json()) as {
      lessons: { slug: string; watched?: number; unlocked: boolean }[];
    };
    const mine = await stored(annaId);
    expect(mine.length).toBe(2);
    const entry = entries.find((e) => e.slug === open.slug)!;
    expect(entry.unlocked).toBe(true);
    expect(entry.watched).toBeGreaterThan(0);
    expect(entry.watched).toBeLessThan(0.1);
    for (const e of entries)
      expect(typeof e.watched === 'number').toBe(
        lessons.find((l) => l.slug === e.slug)!.videos.length > 0,
      );
    expect(entries.find((e) => e.slug === closed.slug)!.watched).toBe(0);
  });
});
