/**
 * The heart of the product in a real browser: signed in, a lesson is locked and its page holds
 * no media code; the student passes the steps on (the fake) Stepik, presses "Проверить снова",
 * and the players appear.
 */
import { eq } from 'drizzle-orm';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordUser } from '../../api/auth/users.ts';
import { listLessons, loadCourseContent } from '../../api/course/load.ts';
import { createStepikClient } from '../../api/stepik/client.ts';
import { runSync } from '../../api/sync/run.ts';
import { DEMO_SYNC_CLIENT } from '../../scripts/fakes/stepik/demo.ts';
import { startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { launchBrowser } from '../support/browser.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const lessons = listLessons(course);
const lesson = lessons.find((l) => l.videos.length === 2)!;
const codes = lessons.flatMap((l) => l.videos.map((v) => v.code));

let s: AuthServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  s = await startAuthServer();
  const user = await createPasswordUser(s.test.database, { email: 'anna@example.ru', password: '010101010', firstName: 'Анна' });
  await s.test.database.db.update(s.test.database.t.users).set({ stepikUserId: 700_002 }).where(eq(s.test.database.t.users.id, user.id));
  await runSync(s.test.database, course, createStepikClient({ baseUrl: s.stepik.url, clientId: DEMO_SYNC_CLIENT.id, clientSecret: DEMO_SYNC_CLIENT.secret, requestsPerSecond: 50 }));
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await s?.close();
});

describe('a lesson video in Chromium', () => {
  it('is locked with no media code in the page, then opens after the steps are passed and "Проверить снова"', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${s.server.origin}/login?next=/lessons/${lesson.slug}`);
    await page.fill('[data-password-form] input[name=email]', 'anna@example.ru');
    await page.fill('[data-password-form] input[name=password]', '010101010');
    await page.click('[data-password-form] button[type=submit]');
    await page.waitForURL(`${s.server.origin}/lessons/${lesson.slug}`);

    const slot = page.locator('[data-video-slot]');
    await expect.poll(() => slot.getAttribute('data-state')).toBe('locked');
    expect(await slot.textContent()).toMatch(/Пройдено: 0 из \d+ шагов/);
    const html = await page.content();
    for (const code of codes) expect(html).not.toContain(code);
    expect(await page.locator('[data-video-slot] iframe').count()).toBe(0);

    s.stepik.state.setLessonPassed(700_002, lesson.stepikLessonId!, true);
    await page.getByRole('button', { name: 'Проверить снова' }).click();
    await expect.poll(() => slot.getAttribute('data-state')).toBe('unlocked');
    const sources = await page.locator('[data-video-slot] iframe').evaluateAll((frames) => frames.map((f) => (f as HTMLIFrameElement).src));
    expect(sources).toEqual(lesson.videos.map((v) => `https://play.boomstream.com/${v.code}`));
    expect(await page.locator('[data-video-slot] h3').allTextContents()).toEqual(lesson.videos.map((v) => v.title));
    await context.close();
  });
});
