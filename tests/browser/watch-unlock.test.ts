/**
 * Watching opens the next lesson, in Chromium (issue #13): a course of its own
 * (tests/fixtures/courses/watch-unlock) whose second lesson requires 90 % of the first one's
 * video. The student sees the second closed with the watch reason, plays the first in the
 * offline stand-in player at 2× to the end, and the page learns that the second is open
 * without a reload (POST /api/watch answers `opened`, the page reloads its lesson store); then
 * the second lesson's player is there.
 */
import { and, eq } from 'drizzle-orm';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordUser } from '#api/auth/users.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { ru } from '#api/i18n/ru.ts';
import { builtSiteOf, type ContentSite } from '../support/built-site.ts';
import { launchBrowser, newContext, waitForAttribute } from '../support/browser.ts';
import { dialects, type TestDatabase } from '../support/databases.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';
import { POLL, STATE_CHANGE_TIMEOUT_IN_MS } from '../support/waits.ts';

const CONTENT_DIR = 'tests/fixtures/courses/watch-unlock';
const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../..', CONTENT_DIR));
const [first, second] = listLessons(course) as [
  ReturnType<typeof listLessons>[number],
  ReturnType<typeof listLessons>[number],
];
const clip = first.videos[0]!;
const PASSWORD = '040404040';

let browser: Browser;
let closeBrowser: () => Promise<void>;
let site: ContentSite;

beforeAll(async () => {
  // The fixture is what this test is about: it must say what the test assumes.
  expect(first.watch).toEqual([]);
  expect(second.watch).toEqual([{ lesson: first.slug, watched: 0.9 }]);
  expect(clip.duration).toBe(20);
  site = await builtSiteOf(CONTENT_DIR);
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
});

/** What the page's lesson store (every badge's source) holds for a lesson. */
function storeEntry(page: Page, slug: string) {
  return page.evaluate((key) => {
    const view = window.__lessonStore?.get(key);
    return view ? { unlocked: view.unlocked, reason: view.reason ?? null } : null;
  }, slug);
}

async function watchedSeconds(test: TestDatabase, userId: number, code: string): Promise<number> {
  const { db, t } = test.database;
  const [row] = await db
    .select({ s: t.watchProgress.watchedSeconds })
    .from(t.watchProgress)
    .where(and(eq(t.watchProgress.userId, userId), eq(t.watchProgress.mediaCode, code)));
  return row?.s ?? 0;
}

describe.each(dialects)('watching opens the next lesson on $name', ({ create }) => {
  let test: TestDatabase;
  let server: RunningServer;
  let userId: number;

  beforeAll(async () => {
    test = await create();
    ({ id: userId } = await createPasswordUser(test.database, {
      email: 'vera@example.ru',
      password: PASSWORD,
      firstName: 'Вера',
    }));
    server = await startBuiltServer(site.dir, {
      DATABASE_URL: test.url,
      BOOMSTREAM_STAND_IN: '1',
      ...site.env,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await test?.dispose();
  });

  it('play the first lesson past 90 % at 2× → the second opens without a reload, then shows its player', async () => {
    const origin = server.origin;
    const context = await newContext(browser, { viewport: { width: 1000, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/login?next=/lessons/${second.slug}`);
      await page.fill('[data-password-form] input[name=email]', 'vera@example.ru');
      await page.fill('[data-password-form] input[name=password]', PASSWORD);
      await page.click('[data-password-form] button[type=submit]');
      await page.waitForURL(`${origin}/lessons/${second.slug}`);

      // The second lesson: closed, because of the first one's video, and no player.
      const slot = page.locator('[data-video-slot]');
      await waitForAttribute(page, '[data-video-slot]', 'data-state', 'locked');
      expect(await slot.getAttribute('data-reason')).toBe('watch');
      const badge = page.locator('.lesson-links [data-lesson-state]');
      await expect
        .poll(() => badge.textContent(), POLL)
        .toBe(`посмотрено 0\u00a0% видео урока «${first.title}», нужно 90\u00a0%`);
      expect(await page.locator('[data-video-slot] [data-status]').textContent()).toBe(
        `Видео откроется, когда вы посмотрите 90\u00a0% видео урока «${first.title}».`,
      );
      expect(await page.locator('[data-video-slot] iframe').count()).toBe(0);

      // Its action leads to the first lesson, whose player is the stand-in.
      await page.click(`[data-video-slot] a[data-reason-action="watch"]`);
      await page.waitForURL(`${origin}/lessons/${first.slug}`);
      await waitForAttribute(page, '[data-video-slot]', 'data-state', 'unlocked');
      expect(await page.locator('[data-video-slot] iframe').getAttribute('src')).toBe(
        `/_player/${clip.code}`,
      );
      await waitForAttribute(page, '[data-watched]', 'data-watched-percent', '0');
      await expect
        .poll(() => storeEntry(page, second.slug), POLL)
        .toEqual({
          unlocked: false,
          reason: 'watch',
        });

      // From here on the document must stay the same: a marker on window, and no navigation.
      await page.evaluate(() => {
        (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
      });
      let navigations = 0;
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) navigations++;
      });
      const answers: { opened?: string[] }[] = [];
      page.on('response', (response) => {
        if (response.request().method() === 'POST' && response.url().includes('/api/watch/'))
          void response
            .json()
            .then((body: { opened?: string[] }) => answers.push(body))
            .catch(() => {});
      });

      const player = page.frameLocator('[data-video-slot] iframe').first();
      await player.locator('[data-rate]').selectOption('2');
      await player.locator('[data-play]').click();
      // 20 s at 2×: about 10 s of wall clock, then the player stops and the page reports.
      await expect
        .poll(() => player.locator('body').getAttribute('data-state'), {
          ...POLL,
          timeout: STATE_CHANGE_TIMEOUT_IN_MS + (clip.duration! / 2) * 1000,
        })
        .toBe('ended');

      // The report that reached 90 % opened the second lesson; the page knows without a reload.
      await expect
        .poll(() => storeEntry(page, second.slug), POLL)
        .toEqual({
          unlocked: true,
          reason: null,
        });
      // Playwright reads the answer's body on its side after the page has used it: wait for it too.
      await expect.poll(() => answers.flatMap((a) => a.opened ?? []), POLL).toEqual([second.slug]);
      await waitForAttribute(page, '[data-watched]', 'data-watched-percent', '100');
      expect(await page.locator('[data-watched]').textContent()).toBe(
        'посмотрено 100 % видео урока',
      );
      expect(
        await page.evaluate(
          () => (window as unknown as { __sameDocument?: boolean }).__sameDocument,
        ),
      ).toBe(true);
      expect(navigations).toBe(0);
      expect(await watchedSeconds(test, userId, clip.code)).toBeGreaterThanOrEqual(
        0.9 * clip.duration!,
      );

      // The second lesson now shows its player.
      await page.click(`.pager a[href="/lessons/${second.slug}"]`);
      await page.waitForURL(`${origin}/lessons/${second.slug}`);
      await waitForAttribute(page, '[data-video-slot]', 'data-state', 'unlocked');
      expect(
        await page
          .locator('[data-video-slot] iframe')
          .evaluateAll((frames) => frames.map((f) => f.getAttribute('src'))),
      ).toEqual(second.videos.map((v) => `/_player/${v.code}`));
      await expect.poll(() => badge.textContent(), POLL).toBe(ru.site.state.unlocked);
      expect(await watchedSeconds(test, userId, second.videos[0]!.code)).toBe(0);
    } finally {
      await context.close();
    }
  });
});
