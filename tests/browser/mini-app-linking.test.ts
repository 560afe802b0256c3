/**
 * An unlinked Telegram student, from a closed lesson to an open video, through the Mini App in
 * Chromium: "Привязать Stepik" hands a one-time link to Telegram.WebApp.openLink (a stub here),
 * the external browser (another context, no Telegram, no cookie) links Stepik, the Mini App looks
 * again when it regains focus, and after the steps are passed "Проверить снова" opens the video.
 */
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { createStepikClient } from '#api/stepik/client.ts';
import { runSync } from '#api/sync/run.ts';
import { signInitData } from '#api/telegram/index.ts';
import { DEMO_SYNC_CLIENT } from '#scripts/fakes/stepik/demo.ts';
import { BOT_TOKEN, startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { launchBrowser } from '../support/browser.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const lesson = listLessons(course).find((l) => l.videos.length === 2 && l.stepikLessonId !== null)!;
const TELEGRAM_ID = 61_100_001;
const STEPIK_ID = 700_003;
/** The machine the suite runs on is shared: a page may take seconds to answer. */
const PATIENT = { timeout: 20_000, interval: 100 };

let s: AuthServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let userId: number;

beforeAll(async () => {
  s = await startAuthServer();
  const [user] = await s.test.database.db
    .insert(s.test.database.t.users)
    .values({ telegramId: TELEGRAM_ID, firstName: 'Ирина' })
    .returning();
  userId = user!.id;
  // The structure, so the lesson's steps are known before anyone links.
  await runSync(
    s.test.database,
    course,
    createStepikClient({
      baseUrl: s.stepik.url,
      clientId: DEMO_SYNC_CLIENT.id,
      clientSecret: DEMO_SYNC_CLIENT.secret,
      requestsPerSecond: 50,
    }),
  );
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await s?.close();
});

async function telegramContext(user: { id: number; first_name: string }): Promise<BrowserContext> {
  const initData = signInitData(
    {
      user: JSON.stringify(user),
      auth_date: String(Math.floor(Date.now() / 1000)),
      chat_type: 'sender',
    },
    BOT_TOKEN,
  );
  const context = await browser.newContext({ viewport: { width: 390, height: 760 } });
  await context.addInitScript(
    ({ initData, user }) => {
      const opened: string[] = [];
      (window as unknown as { __opened: string[] }).__opened = opened;
      (window as unknown as { Telegram: unknown }).Telegram = {
        WebApp: {
          initData,
          initDataUnsafe: { user },
          platform: 'android',
          ready() {},
          expand() {},
          openLink: (url: string) => opened.push(url),
          onEvent() {},
          BackButton: { show() {}, hide() {}, onClick() {} },
        },
      };
    },
    { initData, user },
  );
  return context;
}

describe('linking Stepik from the Mini App', () => {
  it(
    'walks an unlinked Telegram student from a closed lesson to an open video',
    { timeout: 120_000 },
    async () => {
      const miniApp = await telegramContext({ id: TELEGRAM_ID, first_name: 'Ирина' });
      const page = await miniApp.newPage();
      await page.goto(`${s.server.origin}/lessons/${lesson.slug}`);
      const slot = page.locator('[data-video-slot]');
      await expect.poll(() => slot.getAttribute('data-reason'), PATIENT).toBe('stepik_not_linked');
      expect(await slot.getAttribute('data-state')).toBe('locked');

      await page.click('[data-link-stepik]');
      await expect
        .poll(
          () => page.evaluate(() => (window as unknown as { __opened: string[] }).__opened.length),
          PATIENT,
        )
        .toBe(1);
      const [link] = await page.evaluate(
        () => (window as unknown as { __opened: string[] }).__opened,
      );
      expect(link).toMatch(
        new RegExp(`^${s.server.origin}/auth/stepik-link\\?token=[a-z2-7]{32}$`),
      );
      await expect.poll(() => slot.textContent(), PATIENT).toContain('Stepik открылся в браузере');

      // The external browser: no Telegram, no session.
      const external = await browser.newContext();
      const tab = await external.newPage();
      await tab.goto(link!);
      s.stepik.state.autoApproveAs = STEPIK_ID;
      await tab.click('[data-stepik-link-confirm]');
      await tab.waitForURL((url) => url.pathname === '/auth/stepik/callback');
      expect(await tab.locator('h1').textContent()).toBe('Stepik привязан');
      await external.close();
      const [row] = await s.test.database.db.select().from(s.test.database.t.users);
      expect(row).toMatchObject({ id: userId, stepikUserId: STEPIK_ID });

      // Back in Telegram: the Mini App looks again on its own.
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      await expect.poll(() => slot.getAttribute('data-reason'), PATIENT).toBe('steps');
      expect(await slot.getAttribute('data-state')).toBe('locked');
      expect(await slot.textContent()).toMatch(/Пройдено: 0 из \d+ шагов/);

      s.stepik.state.setLessonPassed(STEPIK_ID, lesson.stepikLessonId!, true);
      await page.getByRole('button', { name: 'Проверить снова' }).click();
      await expect.poll(() => slot.getAttribute('data-state'), PATIENT).toBe('unlocked');
      const sources = await page
        .locator('[data-video-slot] iframe')
        .evaluateAll((frames) => frames.map((f) => (f as HTMLIFrameElement).src));
      expect(sources).toEqual(lesson.videos.map((v) => `https://play.boomstream.com/${v.code}`));
      expect(await miniApp.cookies()).toEqual([]);
      await miniApp.close();
    },
  );
});
