/**
 * Watching in Chromium. Offline, the lesson's players are the stand-in: the student plays one at
 * 2×, pauses, and "посмотрено N % видео урока" rises on the page to what the server stored —
 * with no CSP violation, and a message the page posts to itself counting nothing. With the
 * Boomstream player (its host answered by Playwright), events from that host count, by frame.
 */
import { and, eq } from 'drizzle-orm';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setOverrides } from '#api/access/overrides.ts';
import { createPasswordUser } from '#api/auth/users.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { STAND_IN_CLIP_SECONDS } from '#api/watch/shares.ts';
import { REPORT_EVERY_IN_MS } from '#site/scripts/watch-reporter.ts';
import { builtSite } from '../support/built-site.ts';
import { launchBrowser, newContext, waitForAttribute } from '../support/browser.ts';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const lesson = listLessons(course).find((l) => l.videos.length === 2)!;
const PASSWORD = '030303030';
/** Page loads and reports on a loaded machine: a state may take a while, never a sleep. */
const POLL = { timeout: 20_000, intervals: [250] };

let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
});

async function site(
  env: Record<string, string>,
): Promise<{ test: TestDatabase; server: RunningServer; userId: number; close(): Promise<void> }> {
  const test = await createSqliteDatabase();
  const user = await createPasswordUser(test.database, {
    email: 'olga@example.ru',
    password: PASSWORD,
    firstName: 'Ольга',
  });
  await setOverrides(test.database, {
    userId: user.id,
    lessons: [lesson],
    action: 'grant',
    actor: 'test',
  });
  const server = await startBuiltServer(builtSite(), { DATABASE_URL: test.url, ...env });
  return {
    test,
    server,
    userId: user.id,
    close: async () => (await server.stop(), await test.dispose()),
  };
}

async function openLesson(context: BrowserContext, origin: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/login?next=/lessons/${lesson.slug}`);
  await page.fill('[data-password-form] input[name=email]', 'olga@example.ru');
  await page.fill('[data-password-form] input[name=password]', PASSWORD);
  await page.click('[data-password-form] button[type=submit]');
  await page.waitForURL(`${origin}/lessons/${lesson.slug}`);
  await waitForAttribute(page, '[data-video-slot]', 'data-state', 'unlocked');
  return page;
}

async function watchedSeconds(test: TestDatabase, userId: number, code: string): Promise<number> {
  const { db, t } = test.database;
  const [row] = await db
    .select({ s: t.watchProgress.watchedSeconds })
    .from(t.watchProgress)
    .where(and(eq(t.watchProgress.userId, userId), eq(t.watchProgress.mediaCode, code)));
  return row?.s ?? 0;
}

describe('watching a lesson in Chromium', () => {
  it('offline: the stand-in plays, and the watched share rises on the page and on the server', async () => {
    const s = await site({ BOOMSTREAM_STAND_IN: '1' });
    try {
      const context = await newContext(browser, { viewport: { width: 1000, height: 900 } });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          ((window as unknown as { __csp: string[] }).__csp ??= []).push(
            `${event.violatedDirective} ${event.blockedURI}`,
          );
        });
      });
      const page = await openLesson(context, s.server.origin);
      const sources = await page
        .locator('[data-video-slot] iframe')
        .evaluateAll((frames) => frames.map((f) => (f as HTMLIFrameElement).getAttribute('src')));
      expect(sources).toEqual(lesson.videos.map((v) => `/_player/${v.code}`));
      // Open, nothing watched yet: the line says 0 %.
      await waitForAttribute(page, '[data-watched]', 'data-watched-percent', '0');
      expect(await page.locator('[data-watched]').textContent()).toBe('посмотрено 0 % видео урока');

      // The page posting to itself (not a player frame) counts nothing.
      await page.evaluate(() => {
        for (const time of [0, 1, 2, 3])
          window.postMessage({ method: 'time', time, duration: 30 }, location.origin);
      });

      const player = page.frameLocator('[data-video-slot] iframe').first();
      await player.locator('[data-rate]').selectOption('2');
      await player.locator('[data-play]').click();
      await expect
        .poll(() => player.locator('body').getAttribute('data-time').then(Number), POLL)
        .toBeGreaterThanOrEqual(8);
      await player.locator('[data-play]').click();
      expect(await player.locator('body').getAttribute('data-state')).toBe('paused');
      const played = Number(await player.locator('body').getAttribute('data-time'));

      // The pause sends a report; the page shows what the server answered.
      const code = lesson.videos[0]!.code;
      await expect.poll(() => watchedSeconds(s.test, s.userId, code), POLL).toBeGreaterThan(0);
      const seconds = await watchedSeconds(s.test, s.userId, code);
      expect(seconds).toBeLessThanOrEqual(played + 0.1);
      // At 2× the wall clock allows it all (two reports: the first play, the pause).
      expect(seconds).toBeGreaterThan(played - 2.5);
      const expected = Math.floor((seconds / (2 * STAND_IN_CLIP_SECONDS)) * 100 + 1e-9);
      expect(expected).toBeGreaterThan(0);
      await waitForAttribute(page, '[data-watched]', 'data-watched-percent', String(expected));
      expect(await page.locator('[data-watched]').textContent()).toBe(
        `посмотрено ${expected} % видео урока`,
      );
      expect(await watchedSeconds(s.test, s.userId, lesson.videos[1]!.code)).toBe(0);

      // The course tree shows it too, from /api/progress.
      await page.goto(`${s.server.origin}/course`);
      await waitForAttribute(
        page,
        `[data-lesson-watched][data-lesson-id="${lesson.stepikLessonId}"]`,
        'data-watched-percent',
        String(expected),
      );
      expect(
        await page
          .locator(`[data-lesson-watched][data-lesson-id="${lesson.stepikLessonId}"]`)
          .textContent(),
      ).toBe(`посмотрено ${expected} %`);
      expect(
        await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []),
      ).toEqual([]);
      await context.close();
    } finally {
      await s.close();
    }
  });

  it('with Boomstream: events from the player host count, per frame, reported when the page goes away', async () => {
    const s = await site({});
    try {
      const context = await newContext(browser);
      // Boomstream's player, as far as its events go: play, then `time` every 200 ms at 2×.
      await context.route('https://play.boomstream.com/**', (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><script>
            let t = 0;
            const post = (method) => parent.postMessage({ method, code: location.pathname.slice(1), time: t, duration: 600 }, '*');
            post('loaded');
            if (location.pathname.endsWith('${lesson.videos[1]!.code}')) {
              post('play');
              setInterval(() => { t += 0.4; post('time'); }, 200);
            }
          </script>`,
        }),
      );
      const page = await openLesson(context, s.server.origin);
      const opened = Date.now();
      const second = lesson.videos[1]!.code;
      // The first play is reported at once (the server's clock for the part starts).
      await expect
        .poll(
          async () =>
            (await s.test.database.db.select().from(s.test.database.t.watchProgress)).map(
              (r) => r.mediaCode,
            ),
          POLL,
        )
        .toEqual([second]);
      // Let it play a few seconds of video, then leave: the report goes out on pagehide.
      const frame = () => page.frames().find((f) => f.url().endsWith(`/${second}`));
      await expect
        .poll(() => frame()?.evaluate('t').then(Number) ?? 0, POLL)
        .toBeGreaterThanOrEqual(4);
      // Only the first play's report so far: a fraction of a second of video.
      expect(await watchedSeconds(s.test, s.userId, second)).toBeLessThan(3);
      expect(
        Date.now() - opened,
        'the page must be left before the first periodic report',
      ).toBeLessThan(REPORT_EVERY_IN_MS - 2_000);
      await page.goto(`${s.server.origin}/course`);
      await expect
        .poll(() => watchedSeconds(s.test, s.userId, second), POLL)
        .toBeGreaterThanOrEqual(3);
      expect(await watchedSeconds(s.test, s.userId, lesson.videos[0]!.code)).toBe(0);
      await context.close();
    } finally {
      await s.close();
    }
  });
});
