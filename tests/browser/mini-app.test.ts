/**
 * The site as a Telegram Mini App in Chromium: a stub `window.Telegram.WebApp` carrying initData
 * signed with the test bot token stands in for Telegram. No cookie is involved.
 */
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setOverrides } from '#api/access/overrides.ts';
import { createPasswordUser } from '#api/auth/users.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { signInitData } from '#api/telegram/index.ts';
import { eq } from 'drizzle-orm';
import { BOT_TOKEN, startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { launchBrowser, newContext, waitForAttribute } from '../support/browser.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const lesson = listLessons(course).find((l) => l.videos.length === 2)!;

let s: AuthServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  s = await startAuthServer();
  const user = await createPasswordUser(s.test.database, {
    email: 'tg@example.ru',
    password: '123123123',
    firstName: 'Вера',
  });
  await s.test.database.db
    .update(s.test.database.t.users)
    .set({ telegramId: 61_000_001 })
    .where(eq(s.test.database.t.users.id, user.id));
  await setOverrides(s.test.database, {
    userId: user.id,
    lessons: [lesson],
    action: 'grant',
    actor: 'test',
  });
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await s?.close();
});

/** A browser context whose pages believe they run inside Telegram as this user. */
async function telegramContext(user: { id: number; first_name: string }): Promise<BrowserContext> {
  const initData = signInitData(
    {
      user: JSON.stringify(user),
      auth_date: String(Math.floor(Date.now() / 1000)),
      chat_type: 'sender',
    },
    BOT_TOKEN,
  );
  const context = await newContext(browser, { viewport: { width: 390, height: 760 } });
  await context.addInitScript(
    ({ initData, user }) => {
      const opened: string[] = [];
      (window as unknown as { __opened: string[] }).__opened = opened;
      (window as unknown as { Telegram: unknown }).Telegram = {
        WebApp: {
          initData,
          initDataUnsafe: { user },
          platform: 'tdesktop',
          ready() {},
          expand() {},
          openLink(url: string) {
            opened.push(url);
          },
          BackButton: { show() {}, hide() {}, onClick() {} },
        },
      };
    },
    { initData, user },
  );
  return context;
}

describe('the Mini App', () => {
  it('shows the unlocked video to a known Telegram user without any cookie', async () => {
    const context = await telegramContext({ id: 61_000_001, first_name: 'Вера' });
    const page = await context.newPage();
    await page.goto(`${s.server.origin}/lessons/${lesson.slug}`);
    await waitForAttribute(page, '[data-video-slot]', 'data-state', 'unlocked');
    const sources = await page
      .locator('[data-video-slot] iframe')
      .evaluateAll((frames) => frames.map((f) => (f as HTMLIFrameElement).src));
    expect(sources).toEqual(lesson.videos.map((v) => `https://play.boomstream.com/${v.code}`));
    expect(await context.cookies()).toEqual([]);
    expect(await page.getAttribute('html', 'data-telegram')).toBe('tdesktop');

    await page.click('[data-stepik-link]');
    expect(
      await page.evaluate(() => (window as unknown as { __opened: string[] }).__opened),
    ).toEqual([`https://stepik.org/lesson/${lesson.stepikLessonId}`]);
    await context.close();
  });

  it('lets a new Telegram user link the account they have with the Boomstream password', async () => {
    const context = await telegramContext({ id: 61_000_777, first_name: 'Пётр' });
    const page = await context.newPage();
    await createPasswordUser(s.test.database, { email: 'petr@example.ru', password: '456456456' });
    await page.goto(`${s.server.origin}/login?next=/cabinet`);
    const panel = page.locator('[data-mini-app-panel]');
    await panel.waitFor({ state: 'visible' });
    expect(await page.locator('[data-mini-app-continue]').textContent()).toBe(
      'Продолжить как Пётр',
    );
    expect(await page.locator('[data-password-form]').isVisible()).toBe(false);
    await page.fill('[data-mini-app-link] input[name=email]', 'petr@example.ru');
    await page.fill('[data-mini-app-link] input[name=password]', '456456456');
    await page.click('[data-mini-app-link] button[type=submit]');
    await page.waitForURL(`${s.server.origin}/cabinet`);
    const [petr] = await s.test.database.db
      .select()
      .from(s.test.database.t.users)
      .where(eq(s.test.database.t.users.email, 'petr@example.ru'));
    expect(petr!.telegramId).toBe(61_000_777);
    await context.close();
  });
});
