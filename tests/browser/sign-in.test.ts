/** A student in a real browser: password sign-in → cabinet → sign out. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordUser } from '#api/auth/users.ts';
import { startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { launchBrowser, newContext } from '../support/browser.ts';

let s: AuthServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  s = await startAuthServer();
  await createPasswordUser(s.test.database, {
    email: 'student@example.ru',
    password: '012345678',
    firstName: 'Алиса',
  });
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await s?.close();
});

describe('signing in with the Boomstream password in Chromium', () => {
  it('shows a readable error for a wrong password, then signs in, shows the cabinet and signs out', async () => {
    const context = await newContext(browser, { viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${s.server.origin}/cabinet`);
    expect(new URL(page.url()).pathname).toBe('/login');

    await page.fill('[data-password-form] input[name=email]', 'Student@Example.ru');
    await page.fill('[data-password-form] input[name=password]', '12345678');
    await page.click('[data-password-form] button[type=submit]');
    await page.locator('[data-form-error]', { hasText: 'Неверная почта или пароль' }).waitFor();

    await page.fill('[data-password-form] input[name=password]', '012345678');
    await page.click('[data-password-form] button[type=submit]');
    await page.waitForURL(`${s.server.origin}/cabinet`);
    expect(await page.textContent('[data-cabinet-user]')).toContain('Здравствуйте, Алиса!');
    expect(await page.getAttribute('[data-way="password"]', 'data-linked')).toBe('true');
    const cookie = (await context.cookies()).find((c) => c.name === 'session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('session=');

    await page.click('[data-sign-out]');
    await page.waitForURL(`${s.server.origin}/`);
    expect((await context.cookies()).find((c) => c.name === 'session')).toBeUndefined();
    await page.goto(`${s.server.origin}/cabinet`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });
});
