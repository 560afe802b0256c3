/**
 * One state on the page, in Chromium: after "Проверить снова" the lesson badge and the video
 * slot agree without a reload; a throttled refresh keeps the progress and counts down on the
 * disabled button; a 409 shows its own words; a closed lesson says why and what to do.
 */
import { eq } from 'drizzle-orm';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordUser } from '#api/auth/users.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { ru } from '#api/i18n/ru.ts';
import { createStepikClient } from '#api/stepik/client.ts';
import { runSync } from '#api/sync/run.ts';
import { DEMO_SYNC_CLIENT } from '#scripts/fakes/stepik/demo.ts';
import { startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { launchBrowser } from '../support/browser.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const withVideo = listLessons(course).filter(
  (l) => l.videos.length > 0 && l.stepikLessonId !== null,
);
const [first, second] = [withVideo[1]!, withVideo[2]!];

/** A loaded machine runs several suites at once: the page may take a few seconds. */
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

let s: AuthServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  s = await startAuthServer();
  const anna = await createPasswordUser(s.test.database, {
    email: 'anna@example.ru',
    password: '010101010',
  });
  await s.test.database.db
    .update(s.test.database.t.users)
    .set({ stepikUserId: 700_002 })
    .where(eq(s.test.database.t.users.id, anna.id));
  await createPasswordUser(s.test.database, { email: 'nolink@example.ru', password: '010101010' });
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

async function signedIn(email: string, next: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${s.server.origin}/login?next=${next}`);
  await page.fill('[data-password-form] input[name=email]', email);
  await page.fill('[data-password-form] input[name=password]', '010101010');
  await page.click('[data-password-form] button[type=submit]');
  await page.waitForURL(`${s.server.origin}${next}`);
  return page;
}

describe('the lesson page keeps one state', () => {
  it('badge and slot agree after "Проверить снова"; a second refresh at once counts down and keeps the progress', async () => {
    const page = await signedIn('anna@example.ru', `/lessons/${first.slug}`);
    const slot = page.locator('[data-video-slot]');
    const badge = page.locator('.lesson-links [data-lesson-state]');
    await poll(() => slot.getAttribute('data-state')).toBe('locked');
    await poll(() => badge.textContent()).toMatch(/^0 из \d+ шагов$/);

    s.stepik.state.setLessonPassed(700_002, first.stepikLessonId!, true);
    await page.getByRole('button', { name: 'Проверить снова' }).click();
    await poll(() => slot.getAttribute('data-state')).toBe('unlocked');
    await poll(() => badge.textContent()).toBe(ru.site.state.unlocked);
    expect(await badge.getAttribute('data-state')).toBe('unlocked');
    expect(await page.locator('[data-video-slot] iframe').count()).toBe(first.videos.length);

    // The next lesson, same student, within the 30 s: 429 with Retry-After.
    await page.goto(`${s.server.origin}/lessons/${second.slug}`);
    await poll(() => slot.getAttribute('data-state')).toBe('locked');
    await page.getByRole('button', { name: 'Проверить снова' }).click();
    const again = page.locator('[data-video-slot] [data-check-again]');
    await poll(() => again.textContent()).toMatch(/^Проверить снова \(через \d+ с\)$/);
    expect(await again.isDisabled()).toBe(true);
    expect(await slot.getAttribute('data-state')).toBe('locked');
    expect(await page.locator('[data-video-slot] [data-hint]').textContent()).toMatch(
      /Пройдено: 0 из \d+ шагов\./,
    );
    expect(await page.locator('[data-video-slot] [data-hint]').textContent()).toContain(
      ru.api.refreshTooOften,
    );
    const before = Number((await again.textContent())!.match(/\d+/)![0]);
    await poll(async () =>
      Number((await again.textContent())!.match(/\d+/)?.[0] ?? 0),
    ).toBeLessThan(before);
    await page.context().close();
  }, 90_000);

  it("says why to a student without Stepik, with the action, and shows the 409's own words", async () => {
    const page = await signedIn('nolink@example.ru', `/lessons/${first.slug}`);
    const slot = page.locator('[data-video-slot]');
    await poll(() => slot.getAttribute('data-reason')).toBe('stepik_not_linked');
    expect(await page.locator('[data-video-slot] [data-status]').textContent()).toBe(
      ru.reasons.stepik_not_linked.sentence,
    );
    // The action: link Stepik (through a one-time link inside Telegram, /auth/stepik in a browser: stepik-link.ts).
    expect(await page.locator('[data-video-slot] button[data-link-stepik]').textContent()).toBe(
      ru.linking.linkStepik,
    );
    await poll(() => page.locator('.lesson-links [data-lesson-state]').textContent()).toBe(
      ru.reasons.stepik_not_linked.badge,
    );
    await page.getByRole('button', { name: 'Проверить снова' }).click();
    await poll(() => page.locator('[data-video-slot] [data-hint]').textContent()).toContain(
      ru.api.stepikNotLinked,
    );

    await page.goto(`${s.server.origin}/course`);
    const notice = page.locator('[data-reason-notice]');
    await poll(() => notice.getAttribute('data-reason')).toBe('stepik_not_linked');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain(ru.reasons.stepik_not_linked.sentence);
    await page.context().close();
  }, 90_000);
});
