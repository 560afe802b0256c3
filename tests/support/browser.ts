/**
 * Debian's Chromium driven by playwright-core (no browser downloads here). Headless, with the
 * networking flags that keep it from calling Google's hosts on this closed network.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((p) => existsSync(p));
}

export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(`Chromium not found (looked in ${CANDIDATES.join(', ')}); install it with "apt-get install chromium"`);
  // playwright gives every launch a fresh temporary profile of its own.
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { browser, close: () => browser.close() };
}
