/**
 * Debian's Chromium driven by playwright-core (no browser downloads here). Headless, with the
 * networking flags that keep it from calling Google's hosts on this closed network.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { STATE_CHANGE_TIMEOUT_IN_MS } from './waits.ts';

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
].filter(Boolean) as string[];

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((p) => existsSync(p));
}

export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const executablePath = chromiumPath();
  if (!executablePath)
    throw new Error(
      `Chromium not found (looked in ${CANDIDATES.join(', ')}); install it with "apt-get install chromium"`,
    );
  // playwright gives every launch a fresh temporary profile of its own.
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return { browser, close: () => browser.close() };
}

/** A fresh context whose every action, navigation and wait is bounded for a loaded machine. */
export async function newContext(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(STATE_CHANGE_TIMEOUT_IN_MS);
  context.setDefaultNavigationTimeout(STATE_CHANGE_TIMEOUT_IN_MS);
  return context;
}

/**
 * Waits until the element's attribute has this value (Playwright's own waiting, no sleeps);
 * on time-out says what the attribute was instead.
 */
export async function waitForAttribute(
  page: Page,
  selector: string,
  name: string,
  value: string,
  timeout = STATE_CHANGE_TIMEOUT_IN_MS,
): Promise<void> {
  try {
    await page
      .locator(`${selector}[${name}=${JSON.stringify(value)}]`)
      .first()
      .waitFor({ state: 'attached', timeout });
  } catch (error) {
    const actual = await page
      .getAttribute(selector, name, { timeout: 1_000 })
      .catch(() => '(no such element)');
    throw new Error(
      `${selector} ${name}=${JSON.stringify(actual)}, expected ${JSON.stringify(value)}: ${(error as Error).message.split('\n')[0]}`,
      { cause: error },
    );
  }
}
