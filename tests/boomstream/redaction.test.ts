/**
 * The API key and the viewer hash never reach an error message or a log line, even though
 * Boomstream echoes the request URI (key and hash inside) and may quote it in its messages.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBoomstreamApi } from '#api/boomstream/api-client.ts';
import { BoomstreamApiError } from '#api/boomstream/api-error.ts';
import { ensureVideoAccess, revokeVideoAccess } from '#api/boomstream/grants.ts';
import { redactSecrets } from '#api/log/redact.ts';
import { viewerHash } from '#api/boomstream/viewer-hash.ts';
import {
  startFakeBoomstream,
  type FakeBoomstream,
  type FakeFault,
} from '#scripts/fakes/boomstream/server.ts';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';
import {
  API_KEY,
  APP_SECRET,
  captureConsole,
  containsSecret,
  createUser,
  grantConfig,
  SUBSCRIPTION,
  urlOf,
} from './support.ts';

const HASH = 'fedcba9876543210fedcba9876543210';
const MEDIA = 'Am0TlUow';

let fake: FakeBoomstream;
let test: TestDatabase;
let console_: ReturnType<typeof captureConsole>;

beforeAll(async () => {
  fake = await startFakeBoomstream({ apiKey: API_KEY, subscription: SUBSCRIPTION });
  test = await createSqliteDatabase();
});
afterAll(async () => {
  await fake?.close();
  await test?.dispose();
});
beforeEach(() => {
  fake.state.reset();
  console_ = captureConsole();
});
afterEach(() => console_.restore());

/** Everything an error could expose when logged or serialised. */
function surfaces(error: unknown): string {
  const e = error as BoomstreamApiError;
  return [
    String(e),
    e.message,
    e.stack ?? '',
    e.vendorMessage ?? '',
    JSON.stringify(e),
    JSON.stringify(Object.entries(e)),
  ].join('\n');
}

describe('secrets stay out of errors and logs', () => {
  it('the fake really does echo the key and hash (so the checks below mean something)', async () => {
    const response = await fetch(
      `${fake.apiUrl}/ppv/deletebuyer?apikey=${API_KEY}&code=${SUBSCRIPTION}&hash=${HASH}&format=json`,
    );
    const body = (await response.json()) as { RequestURI: string; Message: string };
    expect(body.Message).toBe('Buyer not found');
    expect(body.RequestURI).toContain(API_KEY);
    expect(body.RequestURI).toContain(HASH);
  });

  const quoting: [string, FakeFault][] = [
    ['a Failed message quoting the request URI', { kind: 'failed', message: 'Bad request: {uri}' }],
    [
      'a Failed message naming the bare key and hash',
      { kind: 'failed', message: `Key ${API_KEY} may not add buyer ${HASH}` },
    ],
    [
      'an HTTP 400 envelope naming them URL-encoded',
      {
        kind: 'failed',
        status: 400,
        message: `key=${encodeURIComponent(API_KEY)}; buyer "${HASH}"`,
      },
    ],
    [
      'a 5xx envelope quoting the request URI',
      { kind: 'failed', status: 500, message: 'Internal error at {uri}' },
    ],
    [
      'an HTML error page with the key in it',
      {
        kind: 'status',
        status: 502,
        body: `<pre>upstream /api/ppv/addbuyer?apikey=${API_KEY}&hash=${HASH}</pre>`,
      },
    ],
    ['a non-JSON body with the key in it', { kind: 'invalid', body: `apikey=${API_KEY}` }],
    ['a dropped connection', { kind: 'drop' }],
    ['a timeout', { kind: 'delay', ms: 1_000 }],
  ];
  it.each(quoting)('%s: the error names neither key nor hash', async (_name, fault) => {
    fake.state.failNext(2, fault);
    const api = createBoomstreamApi({
      apiUrl: fake.apiUrl,
      apiKey: API_KEY,
      timeoutInMs: 100,
      sleep: async () => {},
    });
    const error = await api
      .addBuyer({ subscription: SUBSCRIPTION, media: MEDIA, email: 'a@example.ru', hash: HASH })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BoomstreamApiError);
    const text = surfaces(error);
    expect(containsSecret(text, API_KEY)).toBe(false);
    expect(containsSecret(text, HASH)).toBe(false);
    expect(text).not.toContain('RequestURI');
    expect(console_.lines()).toEqual([]);
  });

  it('keeps the rest of a vendor message readable', async () => {
    fake.state.failNext(1, { kind: 'failed', message: 'Bad request: {uri}' });
    const api = createBoomstreamApi({ apiUrl: fake.apiUrl, apiKey: API_KEY });
    const error = (await api
      .deleteBuyer({ subscription: SUBSCRIPTION, hash: HASH })
      .catch((e: unknown) => e)) as BoomstreamApiError;
    expect(error.message).toBe(
      `Boomstream ppv/deletebuyer: Failed: Bad request: /api/ppv/deletebuyer?apikey=[redacted]&code=${SUBSCRIPTION}&hash=[redacted]&format=json`,
    );
  });

  it('the grant service logs one line with neither key nor hash when Boomstream fails', async () => {
    const config = grantConfig({ BOOMSTREAM_SECRET: API_KEY, BOOMSTREAM_API_URL: fake.apiUrl });
    const user = await createUser(test.database);
    const hash = viewerHash(APP_SECRET, user.id, MEDIA);
    // The bare secrets first: a cut at the message length limit must not be what hides them.
    fake.state.failNext(2, {
      kind: 'failed',
      status: 500,
      message: `Crashed: key ${API_KEY}, buyer ${hash}\nat {uri}`,
    });
    expect(
      await ensureVideoAccess(test.database, config, {
        userId: user.id,
        email: user.email,
        mediaCode: MEDIA,
      }),
    ).toEqual({ unavailable: true });
    expect(fake.state.calls[0]!.params.hash).toBe(hash);
    const lines = console_.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(lines[0]).toContain(`user ${user.id}`);
    expect(containsSecret(lines.join('\n'), API_KEY)).toBe(false);
    expect(containsSecret(lines.join('\n'), hash)).toBe(false);
    // {uri} carried media=<code>; a media code plays the video, so it is a secret in a log too.
    expect(fake.state.calls[0]!.params.media).toBe(MEDIA);
    expect(containsSecret(lines.join('\n'), MEDIA)).toBe(false);
  });

  it('the revoke path logs neither either', async () => {
    const config = grantConfig({ BOOMSTREAM_SECRET: API_KEY, BOOMSTREAM_API_URL: fake.apiUrl });
    const user = await createUser(test.database);
    fake.state.newBuyerActivation = 1;
    const embedUrl = urlOf(
      await ensureVideoAccess(test.database, config, {
        userId: user.id,
        email: user.email,
        mediaCode: MEDIA,
      }),
    );
    const hash = new URL(embedUrl).searchParams.get('id_recovery')!;
    fake.state.failNext(1, {
      kind: 'failed',
      message: `Refused ${hash} with ${API_KEY} for ${MEDIA}`,
    });
    expect(
      await revokeVideoAccess(test.database, config, { userId: user.id, mediaCodes: [MEDIA] }),
    ).toEqual({ revoked: [], failed: [MEDIA] });
    const text = console_.lines().join('\n');
    expect(text).toContain('Refused');
    expect(containsSecret(text, API_KEY)).toBe(false);
    expect(containsSecret(text, hash)).toBe(false);
    expect(containsSecret(text, MEDIA)).toBe(false);
  });

  it('redactSecrets replaces raw, URL-encoded and parameter forms', () => {
    const key = 'k+y/=&1';
    const text = `a ${key} b ${encodeURIComponent(key)} c apikey=whatever&hash=abc&id_recovery=zzz&code=X`;
    expect(redactSecrets(text, [key, undefined])).toBe(
      'a [redacted] b [redacted] c apikey=[redacted]&hash=[redacted]&id_recovery=[redacted]&code=X',
    );
  });
});
