/**
 * /admin and the pages around it in Chromium: "Синхронизировать сейчас" shows the run live
 * (running → the summary) with no reload; staff find /admin in the navigation of the static
 * pages; every page kind loads with no 404 sub-resource (the favicon); lesson states read as
 * words with an SVG icon, never an emoji alone.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordUser } from '#api/auth/users.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { launchBrowser } from '../support/browser.ts';
import { POLL } from '../support/waits.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const lesson = listLessons(course).find((l) => l.videos.length > 0)!;
// Chromium and a built server on a shared 2-core machine: 30 s is not enough under load.
const BROWSER_TEST_TIMEOUT_IN_MS = 120_000;

let s: AuthServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  s = await startAuthServer({ STAFF_EMAILS: 'teacher@example.ru' });
  await createPasswordUser(s.test.database, { email: 'teacher@example.ru', password: '777777777' });
  await createPasswordUser(s.test.database, {
    email: 'anna@example.ru',
    password: '010101010',
    firstName: 'Анна',
  });
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await s?.close();
});

async function signIn(
  email: string,
  password: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${s.server.origin}/login?next=/course`);
  await page.fill('[data-password-form] input[name=email]', email);
  await page.fill('[data-password-form] input[name=password]', password);
  await page.click('[data-password-form] button[type=submit]');
  await page.waitForURL(`${s.server.origin}/course`);
  return { context, page };
}

describe('/admin in Chromium', () => {
  it(
    '"Синхронизировать сейчас" shows the run going, then its summary, without a reload',
    async () => {
      const { context, page } = await signIn('teacher@example.ru', '777777777');
      await page.goto(`${s.server.origin}/admin`);
      const line = page.locator('[data-last-sync]');
      // innerText: the words as shown (the template's line breaks around the text are not words).
      expect(await line.innerText()).toBe('Синхронизации ещё не было.');
      // Slow Stepik down so the running state is there to be seen; record every text the line shows.
      s.stepik.state.faults.latencyInMs = 400;
      await page.evaluate(() => {
        (window as unknown as { stayed: boolean }).stayed = true;
        const seen: string[] = [];
        (window as unknown as { seen: string[] }).seen = seen;
        const target = document.querySelector('[data-last-sync]')!;
        new MutationObserver(() => seen.push(target.textContent ?? '')).observe(target, {
          childList: true,
          characterData: true,
          subtree: true,
        });
      });
      await page.getByRole('button', { name: 'Синхронизировать сейчас' }).click();
      await expect
        .poll(() => line.textContent(), { timeout: 60_000 })
        .toMatch(/— успешно\. Готово: \d+ студент/);
      s.stepik.state.faults.latencyInMs = 0;
      const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
      expect(seen.some((text) => text.startsWith('Синхронизация идёт…'))).toBe(true);
      expect(
        seen.indexOf(seen.find((text) => text.startsWith('Синхронизация идёт…'))!),
      ).toBeLessThan(seen.findIndex((text) => text.includes('Готово')));
      expect(await line.textContent()).toMatch(/\(Europe\/Moscow\)/);
      expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(
        true,
      );
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_IN_MS,
  );

  it(
    'staff see a link to /admin in the navigation of a static page; a student does not',
    async () => {
      const teacher = await signIn('teacher@example.ru', '777777777');
      await expect.poll(() => teacher.page.locator('[data-staff-link]').isVisible()).toBe(true);
      expect(await teacher.page.locator('[data-staff-link]').textContent()).toBe('Преподавателю');
      await teacher.context.close();
      const student = await signIn('anna@example.ru', '010101010');
      await student.page.waitForLoadState('networkidle');
      expect(await student.page.locator('[data-staff-link]').isVisible()).toBe(false);
      await student.context.close();
    },
    BROWSER_TEST_TIMEOUT_IN_MS,
  );
});

describe('every page kind', () => {
  it(
    'loads with no 404 sub-resource, the favicon included',
    async () => {
      const { context, page } = await signIn('teacher@example.ru', '777777777');
      const missing: string[] = [];
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (response.request().isNavigationRequest()) return;
        if (response.status() === 404) missing.push(url.pathname);
      });
      for (const route of [
        '/',
        '/course',
        `/lessons/${lesson.slug}`,
        '/login',
        '/cabinet',
        '/admin',
        '/cabinet-mini-app',
        '/no-such-page',
      ]) {
        await page.goto(`${s.server.origin}${route}`);
        await page.waitForLoadState('networkidle');
      }
      expect(missing).toEqual([]);
      const favicon = await fetch(`${s.server.origin}/favicon.svg`);
      expect(favicon.status).toBe(200);
      expect(favicon.headers.get('content-type')).toContain('image/svg+xml');
      expect(
        await page.evaluate(() => document.querySelector('link[rel=icon]')?.getAttribute('href')),
      ).toBe('/favicon.svg');
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_IN_MS,
  );

  it(
    'leaves no request in flight for a signed-out visitor: an unwanted 401 body is let go',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      // Left unread, an answer's body keeps its request in flight: the page never goes idle.
      const inFlight = new Set<Request>();
      page.on('request', (request) => inFlight.add(request));
      page.on('requestfinished', (request) => inFlight.delete(request));
      page.on('requestfailed', (request) => inFlight.delete(request));
      for (const route of ['/', '/course', `/lessons/${lesson.slug}`, '/login']) {
        const asked = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/me');
        await page.goto(`${s.server.origin}${route}`);
        expect((await asked).status()).toBe(401);
        await expect
          .poll(() => [...inFlight].map((r) => `${route}: ${new URL(r.url()).pathname}`), POLL)
          .toEqual([]);
      }
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_IN_MS,
  );

  it(
    'shows lesson states as words with an SVG icon, never an emoji',
    async () => {
      const { context, page } = await signIn('anna@example.ru', '010101010');
      const states = page.locator('[data-lesson-state][data-state="locked"]');
      await expect.poll(() => states.count()).toBeGreaterThan(0);
      const texts = await states.allTextContents();
      for (const text of texts) {
        // The badge names the reason in words ("0 из 5 шагов", "привяжите Stepik", "откроется 9 декабря в 13:00 (МСК)", …).
        expect(text).toMatch(/^[\p{L}\d][\p{L}\d «»., ·():+-]*$/u);
        expect(text).not.toMatch(/\p{Extended_Pictographic}/u);
      }
      const icon = await states.first().evaluate((el) => {
        const before = getComputedStyle(el, '::before');
        return {
          mask: before.maskImage || before.getPropertyValue('-webkit-mask-image'),
          width: before.width,
        };
      });
      expect(icon.mask).toContain('data:image/svg+xml');
      await page.goto(`${s.server.origin}/cabinet`);
      const cabinet = await page.locator('[data-progress-lesson] .lesson-state').allTextContents();
      expect(cabinet.length).toBeGreaterThan(0);
      for (const text of cabinet) expect(text).not.toMatch(/\p{Extended_Pictographic}/u);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_IN_MS,
  );
});
