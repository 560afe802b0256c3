/**
 * The Content-Security-Policy in a real browser: a signed-in student's open lesson shows both
 * Boomstream players, and the login page loads the Telegram Login Widget (script and iframe),
 * with no CSP violation reported. The outside hosts are answered by Playwright's router (this
 * machine has no network), so the browser still applies our policy to them.
 */
import { eq } from 'drizzle-orm';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordUser } from '#api/auth/users.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { createStepikClient } from '#api/stepik/client.ts';
import { runSync } from '#api/sync/run.ts';
import { DEMO_SYNC_CLIENT } from '#scripts/fakes/stepik/demo.ts';
import { startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { launchBrowser } from '../support/browser.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const lesson = listLessons(course).find((l) => l.videos.length === 2 && l.stepikLessonId !== null)!;

let s: AuthServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

/** A context that answers the player and Telegram hosts, and records every CSP violation. */
async function watchedContext(): Promise<{ context: BrowserContext; violations: string[] }> {
  const context = await browser.newContext();
  const violations: string[] = [];
  await context.route('https://play.boomstream.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><p>player</p>' }),
  );
  await context.route('https://telegram.org/js/telegram-widget.js*', (route) =>
    route.fulfill({
      contentType: 'application/javascript',
      // What the widget does: put Telegram's login iframe where its script tag stands.
      body: `(function(){var s=document.currentScript;var f=document.createElement('iframe');f.src='https://oauth.telegram.org/embed/'+s.dataset.telegramLogin;f.dataset.loginWidget='1';s.after(f);})();`,
    }),
  );
  await context.route('https://oauth.telegram.org/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><button>Log in with Telegram</button>',
    }),
  );
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      ((window as unknown as { __csp: string[] }).__csp ??= []).push(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return { context, violations };
}

beforeAll(async () => {
  s = await startAuthServer();
  const user = await createPasswordUser(s.test.database, {
    email: 'vera@example.ru',
    password: '020202020',
    firstName: 'Вера',
  });
  await s.test.database.db
    .update(s.test.database.t.users)
    .set({ stepikUserId: 700_002 })
    .where(eq(s.test.database.t.users.id, user.id));
  s.stepik.state.setLessonPassed(700_002, lesson.stepikLessonId!, true);
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

describe('the Content-Security-Policy in Chromium', () => {
  it('lets an open lesson show its Boomstream players, with no violation', async () => {
    const { context, violations } = await watchedContext();
    const page = await context.newPage();
    await page.goto(`${s.server.origin}/login?next=/lessons/${lesson.slug}`);
    await page.fill('[data-password-form] input[name=email]', 'vera@example.ru');
    await page.fill('[data-password-form] input[name=password]', '020202020');
    await page.click('[data-password-form] button[type=submit]');
    await page.waitForURL(`${s.server.origin}/lessons/${lesson.slug}`, { timeout: 30_000 });
    await page.locator('[data-video-slot][data-state=unlocked]').waitFor({ timeout: 30_000 });
    const frames = page.locator('[data-video-slot] iframe');
    expect(await frames.count()).toBe(2);
    for (const frame of await frames.all()) {
      const content = await frame.contentFrame();
      await content.locator('p', { hasText: 'player' }).waitFor({ timeout: 30_000 });
    }
    expect(
      await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []),
    ).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('lets the login page load the Telegram Login Widget, with no violation', async () => {
    const { context, violations } = await watchedContext();
    const page = await context.newPage();
    await page.goto(`${s.server.origin}/login`);
    const widget = page.locator('iframe[data-login-widget]');
    await widget.waitFor({ timeout: 30_000 });
    await (
      await widget.contentFrame()
    )
      .getByRole('button', { name: 'Log in with Telegram' })
      .waitFor({ timeout: 30_000 });
    expect(
      await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []),
    ).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('does report a violation when a page tries what the policy forbids (the watch can fail)', async () => {
    const { context, violations } = await watchedContext();
    const page = await context.newPage();
    await page.goto(`${s.server.origin}/course`);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.body.append(script);
    });
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []), {
        timeout: 15_000,
      })
      .toEqual([expect.stringMatching(/^script-src/)]);
    expect(
      await page.evaluate(() => (window as unknown as { __inline?: number }).__inline),
    ).toBeUndefined();
    expect(violations.length).toBeGreaterThan(0);
    await context.close();
  });
});
