import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseAppDomain } from '#api/config.ts';

const SECRET = 's'.repeat(40);

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.name}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs a fresh clone with no variables at all: SQLite, port 4321, development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      databaseUrl: 'file:data/app.db',
      port: 4321,
      host: '127.0.0.1',
      appOrigin: 'http://localhost:4321',
    });
    expect(config.stepik.baseUrl).toBe('https://stepik.org');
    expect(config.telegram.apiRoot).toBe('https://api.telegram.org');
    expect(config.boomstream.apiUrl).toBe('https://boomstream.com/api');
  });

  it('picks the bot token by APP_ENV', () => {
    const tokens = {
      TELEGRAM_BOT_TOKEN_DEV: `1:${'d'.repeat(35)}`,
      TELEGRAM_BOT_TOKEN_PROD: `2:${'p'.repeat(35)}`,
    };
    expect(loadConfig(tokens).telegram.botToken).toBe(tokens.TELEGRAM_BOT_TOKEN_DEV);
    expect(
      loadConfig({
        ...tokens,
        APP_ENV: 'production',
        APP_DOMAIN: 'course.example.ru',
        APP_SECRET: SECRET,
      }).telegram.botToken,
    ).toBe(tokens.TELEGRAM_BOT_TOKEN_PROD);
  });

  it('listens on all interfaces in production and takes the public origin from APP_DOMAIN', () => {
    const config = loadConfig({
      APP_ENV: 'production',
      APP_DOMAIN: 'course.example.ru',
      PORT: '10000',
      DATABASE_URL: 'postgres://u:p@db/x',
      APP_SECRET: SECRET,
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 10000,
      appOrigin: 'https://course.example.ru',
      databaseUrl: 'postgres://u:p@db/x',
    });
  });

  it("shows times in the course's zone (Europe/Moscow unless TIME_ZONE) and calls a student stuck after 7 days unless STUCK_AFTER_DAYS", () => {
    expect(loadConfig({})).toMatchObject({ timeZone: 'Europe/Moscow', stuckAfterDays: 7 });
    expect(loadConfig({ TIME_ZONE: 'Asia/Yekaterinburg', STUCK_AFTER_DAYS: '14' })).toMatchObject({
      timeZone: 'Asia/Yekaterinburg',
      stuckAfterDays: 14,
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' })).toMatchObject({
      port: 4321,
      databaseUrl: 'file:data/app.db',
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT: must be a whole number (got "abc")'],
    [{ PORT: '70000' }, 'PORT: must be from 1 to 65535 (got "70000")'],
    [{ APP_ENV: 'prod' }, 'APP_ENV: must be "development" or "production" (got "prod")'],
    [
      { DATABASE_URL: 'mysql://x' },
      'DATABASE_URL: must start with file:, sqlite:, postgres:// or postgresql://',
    ],
    [
      { STEPIK_BASE_URL: 'stepik.org' },
      'STEPIK_BASE_URL: must be an http(s) URL of Stepik (got "stepik.org")',
    ],
    [
      { STEPIC_CLIENT_ID: 'abc' },
      'STEPIC_SECRET: is required when the other Stepik credential is set',
    ],
    [
      { APP_ENV: 'production', APP_SECRET: 'x'.repeat(32) },
      'APP_DOMAIN: is required in production (the public host, e.g. course.example.ru)',
    ],
    [
      { APP_ENV: 'production', APP_DOMAIN: 'course.example.ru' },
      'APP_SECRET: is required in production (it keys the per-student Boomstream access hashes)',
    ],
    [
      { APP_SECRET: 'short' },
      'APP_SECRET: must be at least 32 characters of random text (e.g. `openssl rand -hex 32`)',
    ],
    [
      { BOOMSTREAM_SECRET: 'key' },
      'BOOMSTREAM_SUBSCRIPTION: is required with BOOMSTREAM_SECRET: per-student access is granted in this PPV subscription',
    ],
    [
      { STEPIK_CLASS_IDS: '12,abc' },
      'STEPIK_CLASS_IDS: must be Stepik class ids separated by commas, e.g. 12345,12346 (got "12,abc")',
    ],
    [
      { APP_DOMAIN: 'https://x.ru/path' },
      'APP_DOMAIN: must be a bare origin, without a path, query or fragment (got "https://x.ru/path")',
    ],
    [
      { TELEGRAM_BOT_TOKEN_DEV: 'nope' },
      expect.stringMatching(/^TELEGRAM_BOT_TOKEN_DEV: must look like a BotFather token/),
    ],
    [
      { TIME_ZONE: 'Moscow' },
      'TIME_ZONE: must be an IANA time zone name, e.g. Europe/Moscow or Asia/Yekaterinburg (got "Moscow")',
    ],
    [{ STUCK_AFTER_DAYS: '0' }, 'STUCK_AFTER_DAYS: must be at least 1 (got "0")'],
  ])('names the variable: %o', (env, expected) => {
    expect(problems(env as Record<string, string>)).toEqual([expected]);
  });

  it('lists every bad variable at once and never echoes a secret', () => {
    const list = problems({ PORT: 'x', APP_ENV: 'y', TELEGRAM_BOT_TOKEN_DEV: 'secret-value' });
    expect(list.map((p) => p.split(':')[0]).sort()).toEqual([
      'APP_ENV',
      'PORT',
      'TELEGRAM_BOT_TOKEN_DEV',
    ]);
    expect(list.join('\n')).not.toContain('secret-value');
  });
});

describe('parseAppDomain', () => {
  it.each([
    ['course.example.ru', 'https://course.example.ru'],
    ['http://127.0.0.1:4321', 'http://127.0.0.1:4321'],
    ['https://course.example.ru/', 'https://course.example.ru'],
  ])('%s → %s', (input, origin) => expect(parseAppDomain(input)).toBe(origin));
});
