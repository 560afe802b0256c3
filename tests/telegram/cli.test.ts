/** `telegram check-init-data` / `telegram check-login` end to end through the real CLI entry. */
import { describe, expect, it } from 'vitest';
import { botIdFromToken, signLoginWidget } from '#api/telegram/index.ts';
import { runCli } from '../support/cli.ts';
import {
  loadVectors,
  VECTORS_ABSENT_MESSAGE,
  VECTORS_PRESENT,
  type HmacVector,
} from './vectors.ts';
import { EXAMPLE_NOW, EXAMPLE_RAW, EXAMPLE_TOKEN } from './worked-example.ts';

const lines = (text: string): string[] => text.replace(/\n$/, '').split('\n');

function checkInitData(args: string[], input = `${EXAMPLE_RAW}\n`) {
  return runCli(['telegram', 'check-init-data', ...args], { input });
}

describe('telegram check-init-data', () => {
  it('prints "valid" and a summary, exit 0', () => {
    const result = checkInitData([
      '--token',
      EXAMPLE_TOKEN,
      '--now',
      String(EXAMPLE_NOW),
      '--max-age',
      '3600',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([
      'valid',
      'user 987654321 (anna_test), auth_date 2025-01-01T00:00:00Z, start_param lesson_42',
    ]);
  });

  it('takes the input without a trailing newline, or as an Authorization header value', () => {
    expect(
      lines(checkInitData(['--token', EXAMPLE_TOKEN, '--max-age', '0'], EXAMPLE_RAW).stdout)[0],
    ).toBe('valid');
    expect(
      lines(
        checkInitData(['--token', EXAMPLE_TOKEN, '--max-age', '0'], `tma ${EXAMPLE_RAW}\r\n`)
          .stdout,
      )[0],
    ).toBe('valid');
  });

  it('reports a wrong token as a bad hash, exit 1', () => {
    const result = checkInitData(['--token', '123456:TESTX', '--max-age', '0']);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual([
      'invalid: bad hash (the data was not signed with this bot token or was changed)',
    ]);
    expect(lines(result.stderr)).toEqual([
      'invalid: bad hash (the data was not signed with this bot token or was changed)',
    ]);
  });

  it('reports stale data with its age and the limit, using --now', () => {
    const result = checkInitData([
      '--token',
      EXAMPLE_TOKEN,
      '--now',
      String(1735689600 + 7200),
      '--max-age',
      '3600',
    ]);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual([
      'invalid: stale (auth_date 2025-01-01T00:00:00Z is 7200 s old, limit 3600 s)',
    ]);
  });

  it('defaults to the clock and a one-day limit; --max-age 0 skips the time check', () => {
    const byDefault = checkInitData(['--token', EXAMPLE_TOKEN]);
    expect(byDefault.code).toBe(1);
    expect(byDefault.stdout).toMatch(
      /^invalid: stale \(auth_date 2025-01-01T00:00:00Z is \d+ s old, limit 86400 s\)\n$/,
    );
    const noLimit = checkInitData(['--token', EXAMPLE_TOKEN, '--max-age', '0']);
    expect(noLimit.code).toBe(0);
    expect(lines(noLimit.stdout)[0]).toBe('valid');
  });

  it('reports malformed data, exit 1', () => {
    const repeated = checkInitData(['--token', EXAMPLE_TOKEN], `${EXAMPLE_RAW}&start_param=x`);
    expect(repeated.code).toBe(1);
    expect(lines(repeated.stdout)).toEqual([
      'invalid: malformed (field "start_param" appears more than once)',
    ]);
    const empty = checkInitData(['--token', EXAMPLE_TOKEN], '\n');
    expect(empty.code).toBe(1);
    expect(lines(empty.stdout)).toEqual(['invalid: malformed (the data is empty)']);
    expect(lines(checkInitData(['--token', EXAMPLE_TOKEN], 'query_id=1').stdout)[0]).toMatch(
      /^invalid: missing hash \(/,
    );
  });

  it.each([
    [['--max-age', '0'], /^error: --token is required/],
    [['--token', ''], /^error: --token is required/],
    [
      ['--token', EXAMPLE_TOKEN, '--max-age=-1'],
      /^error: --max-age must be a whole number ≥ 0, got "-1"\n$/,
    ],
    [['--token', EXAMPLE_TOKEN, '--now', 'yesterday'], /^error: --now must be a whole number/],
    [['--token', EXAMPLE_TOKEN, '--bot-id', '0'], /^error: --bot-id must be a whole number ≥ 1/],
    [
      ['--token', EXAMPLE_TOKEN, '--test-env'],
      /^error: --test-env only applies to the Ed25519 check/,
    ],
  ])('refuses misuse %j with one line on stderr, exit 2', (args, message) => {
    const result = checkInitData(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('explains when to use it in --help', () => {
    const result = runCli(['telegram', 'check-init-data', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Mini App is refused');
    expect(result.stdout).toContain('--max-age S');
  });
});

describe('telegram check-init-data --bot-id (Ed25519)', () => {
  if (!VECTORS_PRESENT) {
    it.skip(VECTORS_ABSENT_MESSAGE, () => {});
    return;
  }
  // Real Telegram-issued data with both hash and signature, from the public vectors.
  const vector = loadVectors().find(
    (v): v is HmacVector =>
      v.kind === 'webapp-hmac' && v.expect_valid && /(^|&)signature=/.test(v.init_data),
  );

  it("also checks the signature with Telegram's production key", () => {
    if (!vector) throw new Error('no webapp-hmac vector with a signature field');
    const botId = String(botIdFromToken(vector.bot_token));
    const result = checkInitData(
      ['--token', vector.bot_token, '--max-age', '0', '--bot-id', botId],
      vector.init_data,
    );
    expect(result.code).toBe(0);
    expect(lines(result.stdout)[0]).toBe('valid');
    expect(lines(result.stdout)[2]).toBe(`ed25519 signature valid (bot ${botId}, production key)`);
    const testKey = checkInitData(
      ['--token', vector.bot_token, '--max-age', '0', '--bot-id', botId, '--test-env'],
      vector.init_data,
    );
    expect(testKey.code).toBe(1);
    expect(lines(testKey.stdout)[0]).toMatch(/^invalid: bad signature \(/);
  });

  it('reports a missing signature', () => {
    const result = checkInitData([
      '--token',
      EXAMPLE_TOKEN,
      '--max-age',
      '0',
      '--bot-id',
      '123456',
    ]);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)[0]).toMatch(/^invalid: missing signature \(/);
  });
});

describe('telegram check-login', () => {
  const TOKEN = '4242:OWN-secret_token';
  const AUTH_DATE = 1735689600;
  const query = signLoginWidget(
    { id: '42', first_name: 'John', username: 'john', auth_date: String(AUTH_DATE) },
    TOKEN,
  );
  const checkLogin = (args: string[], input: string) =>
    runCli(['telegram', 'check-login', ...args], { input });

  it.each([
    ['the query string', `${query}\n`],
    ['the full callback URL', `https://course.example/auth/telegram/callback?${query}\n`],
    ['the callback path', `/auth/telegram/callback?${query}`],
  ])('accepts %s: "valid" and a summary, exit 0', (_label, input) => {
    const result = checkLogin(['--token', TOKEN, '--now', String(AUTH_DATE + 60)], input);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([
      'valid',
      'user 42 (john), auth_date 2025-01-01T00:00:00Z',
    ]);
  });

  it('reports a wrong token, a stale login and malformed data, exit 1', () => {
    const wrong = checkLogin(['--token', '4242:other', '--max-age', '0'], query);
    expect(wrong.code).toBe(1);
    expect(lines(wrong.stdout)).toEqual([
      'invalid: bad hash (the data was not signed with this bot token or was changed)',
    ]);
    const stale = checkLogin(
      ['--token', TOKEN, '--now', String(AUTH_DATE + 7200), '--max-age', '3600'],
      query,
    );
    expect(lines(stale.stdout)).toEqual([
      'invalid: stale (auth_date 2025-01-01T00:00:00Z is 7200 s old, limit 3600 s)',
    ]);
    expect(stale.code).toBe(1);
    expect(checkLogin(['--token', TOKEN, '--max-age', '0'], query).code).toBe(0);
    const malformed = checkLogin(['--token', TOKEN], `${query}&id=43`);
    expect(malformed.code).toBe(1);
    expect(lines(malformed.stdout)).toEqual([
      'invalid: malformed (field "id" appears more than once)',
    ]);
  });

  it('refuses a missing --token, exit 2', () => {
    const result = checkLogin([], query);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([
      'error: --token is required: the bot token the data should have been signed for',
    ]);
  });
});
