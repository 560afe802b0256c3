/**
 * The heart of the product in a real browser: signed in, a lesson is locked and its page holds
 * no media code; the student passes the steps on (the fake) Stepik, presses "Проверить снова",
 * and the players appear.
 */
import { eq } from 'drizzle-orm';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setOverrides } from '#api/access/overrides.ts';
import { createPasswordUser } from '#api/auth/users.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { createStepikClient } from '#api/stepik/client.ts';
import { runSync } from '#api/sync/run.ts';
import { startFakeBoomstream, type FakeBoomstream } from '#scripts/fakes/boomstream/server.ts';
import { DEMO_SYNC_CLIENT } from '#scripts/fakes/stepik/demo.ts';
import { startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { launchBrowser, newContext, waitForAttribute } from '../support/browser.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const lessons = listLessons(course);
const lesson = lessons.find((l) => l.videos.length === 2)!;
/** Opened by a staff grant; its first view meets Boomstream down. */
const granted = lessons.find((l) => l.videos.length === 1 && l.stepikLessonId !== null)!;
const codes = lessons.flatMap((l) => l.videos.map((v) => v.code));
/** A first view waits on Boomstream (addbuyer, info, updatebuyer): longer than expect.poll's 1 s default. */
const POLL = { timeout: 10_000 };

let s: AuthServer;
let boomstream: FakeBoomstream;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  // PPV configured, as in production: each student becomes a Boomstream buyer on a first view.
  boomstream = await startFakeBoomstream({ apiKey: 'browser-test-key', subscription: 'BrowSub1' });
  s = await startAuthServer({
    BOOMSTREAM_SECRET: 'browser-test-key',
    BOOMSTREAM_SUBSCRIPTION: 'BrowSub1',
    BOOMSTREAM_API_URL: boomstream.apiUrl,
  });
  const user = await createPasswordUser(s.test.database, {
    email: 'anna@example.ru',
    password: '010101010',
    firstName: 'Анна',
  });
  await setOverrides(s.test.database, {
    userId: user.id,
    lessons: [granted],
    action: 'grant',
    actor: 'test',
  });
  await s.test.database.db
    .update(s.test.database.t.users)
    .set({ stepikUserId: 700_002 })
    .where(eq(s.test.database.t.users.id, user.id));
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
  await boomstream?.close();
});

describe('a lesson video in Chromium', () => {
  it('is locked with no media code in the page, then opens after the steps are passed and "Проверить снова"', async () => {
    const context = await newContext(browser, { viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${s.server.origin}/login?next=/lessons/${lesson.slug}`);
    await page.fill('[data-password-form] input[name=email]', 'anna@example.ru');
    await page.fill('[data-password-form] input[name=password]', '010101010');
    await page.click('[data-password-form] button[type=submit]');
    await page.waitForURL(`${s.server.origin}/lessons/${lesson.slug}`);

    const slot = page.locator('[data-video-slot]');
    await waitForAttribute(page, '[data-video-slot]', 'data-state', 'locked');
    expect(await slot.textContent()).toMatch(/Пройдено: 0 из \d+ шагов/);
    const html = await page.content();
    for (const code of codes) expect(html).not.toContain(code);
    expect(await page.locator('[data-video-slot] iframe').count()).toBe(0);

    s.stepik.state.setLessonPassed(700_002, lesson.stepikLessonId!, true);
    await page.getByRole('button', { name: 'Проверить снова' }).click();
    await waitForAttribute(page, '[data-video-slot]', 'data-state', 'unlocked');
    const sources = await page
      .locator('[data-video-slot] iframe')
      .evaluateAll((frames) => frames.map((f) => (f as HTMLIFrameElement).src));
    expect(sources.map((src) => src.split('?')[0])).toEqual(
      lesson.videos.map((v) => `https://play.boomstream.com/${v.code}`),
    );
    expect(sources.every((src) => new URL(src).searchParams.has('id_recovery'))).toBe(true);
    expect(await page.locator('[data-video-slot] h3').allTextContents()).toEqual(
      lesson.videos.map((v) => v.title),
    );
    await context.close();
  });

  it('with Boomstream down on a first view says so in Russian and offers "Попробовать снова", which then opens the player', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${s.server.origin}/login?next=/lessons/${granted.slug}`);
    await page.fill('[data-password-form] input[name=email]', 'anna@example.ru');
    await page.fill('[data-password-form] input[name=password]', '010101010');
    boomstream.state.failNext(100, { kind: 'status', status: 503 });
    await page.click('[data-password-form] button[type=submit]');
    await page.waitForURL(`${s.server.origin}/lessons/${granted.slug}`);

    const slot = page.locator('[data-video-slot]');
    await expect.poll(() => slot.getAttribute('data-state'), POLL).toBe('unavailable');
    expect(await slot.locator('[data-status]').textContent()).toMatch(
      /Видеосервис сейчас не отвечает/,
    );
    expect(await slot.locator('iframe').count()).toBe(0);
    for (const code of codes) expect(await page.content()).not.toContain(code);

    boomstream.state.reset();
    await page.getByRole('button', { name: 'Попробовать снова' }).click();
    await expect.poll(() => slot.getAttribute('data-state'), POLL).toBe('unlocked');
    const sources = await slot
      .locator('iframe')
      .evaluateAll((frames) => frames.map((f) => (f as HTMLIFrameElement).src));
    expect(sources.map((src) => src.split('?')[0])).toEqual(
      granted.videos.map((v) => `https://play.boomstream.com/${v.code}`),
    );
    await context.close();
  });
});
