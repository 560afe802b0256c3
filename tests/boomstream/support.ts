/** Shared pieces of the Boomstream suites: a key and subscription for the fake, a config, users. */
import { vi } from 'vitest';
import { loadConfig, type Config } from '#api/config.ts';
import type { Database } from '#api/db/client.ts';

/** Distinctive, so a leak is easy to spot in any text. */
export const API_KEY = 'bsKey-7Hq2-SECRET-zz91';
export const SUBSCRIPTION = 'Sub5Code';
export const APP_SECRET = 'test-app-secret-0123456789abcdef0123456789';
export const APP_DOMAIN = 'course.example.ru';

export function grantConfig(env: Record<string, string | undefined>): Config {
  return loadConfig({
    APP_ENV: 'development',
    APP_DOMAIN,
    APP_SECRET,
    BOOMSTREAM_SUBSCRIPTION: SUBSCRIPTION,
    ...env,
  });
}

let userCounter = 0;
export async function createUser(
  database: Database,
  email: string | null = `student-${++userCounter}-${Date.now()}@example.ru`,
): Promise<{ id: number; email: string | null }> {
  const [user] = await database.db
    .insert(database.t.users)
    .values({ email })
    .returning({ id: database.t.users.id, email: database.t.users.email });
  return user!;
}

/** Captures everything written to the console (and keeps the test output quiet). */
export function captureConsole(): { lines: () => string[]; restore: () => void } {
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((name) =>
    vi.spyOn(console, name).mockImplementation(() => {}),
  );
  return {
    lines: () =>
      spies.flatMap((spy) =>
        spy.mock.calls.map((args) =>
          args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(' '),
        ),
      ),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

/** Every way a secret could appear in text: as is, URL-encoded, form-encoded. */
export function containsSecret(text: string, secret: string): boolean {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ].some((form) => text.includes(form));
}

/** The player URL of a granted view; fails the test when the view was unavailable. */
export function urlOf(access: { embedUrl: string } | { unavailable: true }): string {
  if (!('embedUrl' in access)) throw new Error('expected a player URL, got an unavailable video');
  return access.embedUrl;
}
