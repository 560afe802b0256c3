/** Per-student Boomstream access, against the fake Boomstream, on SQLite and (with TEST_DATABASE_URL) PostgreSQL. */
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureVideoAccess, revokeVideoAccess } from '#api/boomstream/grants.ts';
import { viewerHash } from '#api/boomstream/viewer-hash.ts';
import type { Config } from '#api/config.ts';
import { openDatabase, type Database } from '#api/db/client.ts';
import { startFakeBoomstream, type FakeBoomstream } from '#scripts/fakes/boomstream/server.ts';
import { dialects, type TestDatabase } from '../support/databases.ts';
import {
  API_KEY,
  APP_SECRET,
  captureConsole,
  createUser,
  grantConfig,
  SUBSCRIPTION,
  urlOf,
} from './support.ts';

const MEDIA = 'Am0TlUow';
const OTHER = 'nKg3scvB';
const PLAYER = 'https://play.boomstream.com';
const DAY_IN_MS = 86_400_000;
/** Half a second past the minute: end dates are kept in whole seconds, like Boomstream's. */
const NOW = new Date('2026-03-01T09:00:00.500Z');

describe.each(dialects)('Boomstream grants on $name', ({ create }) => {
  let test: TestDatabase;
  let database: Database;
  let fake: FakeBoomstream;
  let config: Config;
  let console_: ReturnType<typeof captureConsole>;

  beforeAll(async () => {
    test = await create();
    database = test.database;
    fake = await startFakeBoomstream({ apiKey: API_KEY, subscription: SUBSCRIPTION });
    config = grantConfig({
      BOOMSTREAM_SECRET: API_KEY,
      BOOMSTREAM_API_URL: fake.apiUrl,
      BOOMSTREAM_ACCESS_DAYS: '30',
    });
  });
  afterAll(async () => {
    await fake?.close();
    await test?.dispose();
  });
  beforeEach(() => {
    fake.state.reset();
    fake.state.newBuyerActivation = 0;
    console_ = captureConsole();
  });
  afterEach(() => console_.restore());

  const rows = async (userId: number) =>
    database.db.select().from(database.t.passwords).where(eq(database.t.passwords.userId, userId));
  const row = async (userId: number, mediaCode = MEDIA) =>
    (
      await database.db
        .select()
        .from(database.t.passwords)
        .where(
          and(
            eq(database.t.passwords.userId, userId),
            eq(database.t.passwords.mediaCode, mediaCode),
          ),
        )
    )[0];
  const methods = () => fake.state.calls.map((c) => c.method);

  it('without an API key: the plain player URL, no API call, nothing stored', async () => {
    const user = await createUser(database);
    const plain = grantConfig({
      BOOMSTREAM_API_URL: fake.apiUrl,
      BOOMSTREAM_SUBSCRIPTION: undefined,
    });
    expect(
      await ensureVideoAccess(database, plain, {
        userId: user.id,
        email: user.email,
        mediaCode: MEDIA,
      }),
    ).toEqual({ embedUrl: `${PLAYER}/${MEDIA}` });
    expect(fake.state.calls).toEqual([]);
    expect(await rows(user.id)).toEqual([]);
  });

  it('first view: addbuyer (notification=0, our hash, Moscow access_expire), activation, the row stored, the URL with id_recovery', async () => {
    const user = await createUser(database);
    const hash = viewerHash(APP_SECRET, user.id, MEDIA);
    const embedUrl = urlOf(
      await ensureVideoAccess(database, config, {
        userId: user.id,
        email: user.email,
        mediaCode: MEDIA,
        now: NOW,
      }),
    );
    expect(embedUrl).toBe(`${PLAYER}/${MEDIA}?id_recovery=${hash}`);
    // 2026-03-31T09:00:00Z is noon in Moscow.
    expect(fake.state.calls[0]!.params).toEqual({
      apikey: API_KEY,
      code: SUBSCRIPTION,
      media: MEDIA,
      email: user.email,
      notification: '0',
      hash,
      access_expire: '2026-03-31 12:00:00',
      format: 'json',
    });
    // Boomstream answered Recovery 0: the vendor's activation step, with the subscription's count.
    expect(methods()).toEqual(['addbuyer', 'info', 'updatebuyer']);
    expect(fake.state.calls[2]!.params).toMatchObject({ hash, activation: '5' });
    expect(fake.state.buyer(SUBSCRIPTION, hash)).toMatchObject({
      email: user.email,
      media: [MEDIA],
      accessExpire: '2026-03-31 12:00:00',
      activation: 5,
    });
    expect(await rows(user.id)).toEqual([
      expect.objectContaining({
        userId: user.id,
        mediaCode: MEDIA,
        password: hash,
        endDate: new Date(NOW.getTime() - 500 + 30 * DAY_IN_MS),
        active: true,
      }),
    ]);
    expect(console_.lines()).toEqual([]);
  });

  it('first view of a buyer Boomstream reports as activated: addbuyer only', async () => {
    fake.state.newBuyerActivation = 3;
    const user = await createUser(database);
    await ensureVideoAccess(database, config, {
      userId: user.id,
      email: user.email,
      mediaCode: MEDIA,
      now: NOW,
    });
    expect(methods()).toEqual(['addbuyer']);
    expect(await row(user.id)).toMatchObject({ active: true });
  });

  it('later views use the stored grant without any API call', async () => {
    const user = await createUser(database);
    const first = await ensureVideoAccess(database, config, {
      userId: user.id,
      email: user.email,
      mediaCode: MEDIA,
      now: NOW,
    });
    fake.state.reset();
    for (const days of [0, 1, 29]) {
      const later = await ensureVideoAccess(database, config, {
        userId: user.id,
        email: user.email,
        mediaCode: MEDIA,
        now: new Date(NOW.getTime() + days * DAY_IN_MS),
      });
      expect(later).toEqual(first);
    }
    expect(fake.state.calls).toEqual([]);
  });

  it('an expired grant: updatebuyer with a new access_expire, the row gets the new end date', async () => {
    const user = await createUser(database);
    const first = await ensureVideoAccess(database, config, {
      userId: user.id,
      email: user.email,
      mediaCode: MEDIA,
      now: NOW,
    });
    const created = await row(user.id);
    fake.state.calls.length = 0;
    const later = new Date('2026-04-15T20:30:00Z');
    const second = await ensureVideoAccess(database, config, {
      userId: user.id,
      email: user.email,
      mediaCode: MEDIA,
      now: later,
    });
    expect(second).toEqual(first);
    expect(methods()).toEqual(['updatebuyer']);
    // 2026-05-15T20:30:00Z is 23:30 in Moscow.
    expect(fake.state.calls[0]!.params).toMatchObject({
      hash: created!.password,
      access_expire: '2026-05-15 23:30:00',
      notification: '0',
    });
    expect(fake.state.calls[0]!.params).not.toHaveProperty('activation');
    const updated = await row(user.id);
    expect(updated).toMatchObject({
      id: created!.id,
      active: true,
      endDate: new Date('2026-05-15T20:30:00Z'),
    });
  });

  it('renews an hour before the end rather than after it', async () => {
    const user = await createUser(database);
    await ensureVideoAccess(database, config, {
      userId: user.id,
      email: user.email,
      mediaCode: MEDIA,
      now: NOW,
    });
    fake.state.calls.length = 0;
    const end = (await row(user.id))!.endDate!.getTime();
    await ensureVideoAccess(database, config, {
      userId: user.id,
      email: user.email,
      mediaCode: MEDIA,
      now: new Date(end - 2 * 3_600_000),
    });
    expect(fake.state.calls).toEqual([]);
    await ensureVideoAccess(database, config, {
      userId: user.id,
      email: user.email,
      mediaCode: MEDIA,
      now: new Date(end - 30 * 60_000),
    });
    expect(methods()).toEqual(['updatebuyer']);
  });

  it('API down on a first view: unavailable (not the plain URL, which asks for a code), one warning without the code, nothing stored; the next view grants', async () => {
    const user = await createUser(database);
    fake.state.failNext(2, { kind: 'status', status: 503 });
    expect(
      await ensureVideoAccess(database, config, {
        userId: user.id,
        email: user.email,
        mediaCode: MEDIA,
        now: NOW,
      }),
    ).toEqual({ unavailable: true });
    expect(fake.state.calls).toHaveLength(2);
    expect(await rows(user.id)).toEqual([]);
    expect(console_.lines()).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Boomstream: no per-student access for user ${user.id} to video media#[0-9a-f]{6}, video unavailable.*HTTP 503$`,
        ),
      ),
    ]);
    expect(console_.lines().join('\n')).not.toContain(MEDIA);

    const retry = urlOf(
      await ensureVideoAccess(database, config, {
        userId: user.id,
        email: user.email,
        mediaCode: MEDIA,
        now: NOW,
      }),
    );
    expect(retry).toContain('?id_recovery=');
    expect(await rows(user.id)).toHaveLength(1);
  });

  it('API unreachable altogether (nothing listening): unavailable', async () => {
    const user = await createUser(database);
    const dead = grantConfig({
      BOOMSTREAM_SECRET: API_KEY,
      BOOMSTREAM_API_URL: 'http://127.0.0.1:9/api',
    });
    expect(
      await ensureVideoAccess(database, dead, {
        userId: user.id,
        email: user.email,
        mediaCode: MEDIA,
        now: NOW,
      }),
    ).toEqual({ unavailable: true });
    expect(await rows(user.id)).toEqual([]);
    expect(console_.lines()).toHaveLength(1);
  });

  it('a failed activation step stores nothing, so the next view does it again', async () => {
    const user = await createUser(database);
    fake.state.failNext(
      1,
      { kind: 'failed', message: 'Temporary trouble' },
      { method: 'updatebuyer' },
    );
    expect(
      await ensureVideoAccess(database, config, {
        userId: user.id,
        email: user.email,
        mediaCode: MEDIA,
        now: NOW,
      }),
    ).toEqual({ unavailable: true });
    expect(methods()).toEqual(['addbuyer', 'info', 'updatebuyer']);
    expect(await rows(user.id)).toEqual([]);
    expect(console_.lines()).toEqual([expect.stringContaining('Failed: Temporary trouble')]);

    fake.state.calls.length = 0;
    const retry = urlOf(
      await ensureVideoAccess(database, config, {
        userId: user.id,
        email: user.email,
        mediaCode: MEDIA,
        now: NOW,
      }),
    );
    expect(retry).toContain('?id_recovery=');
    // The buyer already existed (same hash): Success again, still not activated, so activate.
    expect(methods()).toEqual(['addbuyer', 'info', 'updatebuyer']);
    expect(fake.state.buyers.size).toBe(1);
    expect(await rows(user.id)).toHaveLength(1);
  });

  it('renewal failing while the grant has not run out keeps the hashed URL; after the end, unavailable', async () => {
    const user = await createUser(database);
    const first = await ensureVideoAccess(database, config, {
      userId: user.id,
      email: user.email,
      mediaCode: MEDIA,
      now: NOW,
    });
    const stored = await row(user.id);
    const end = stored!.endDate!.getTime();
    fake.state.failNext(2, { kind: 'drop' });
    expect(
      await ensureVideoAccess(database, config, {
        userId: user.id,
        email: user.email,
        mediaCode: MEDIA,
        now: new Date(end - 60_000),
      }),
    ).toEqual(first);
    fake.state.failNext(2, { kind: 'drop' });
    expect(
      await ensureVideoAccess(database, config, {
        userId: user.id,
        email: user.email,
        mediaCode: MEDIA,
        now: new Date(end + 60_000),
      }),
    ).toEqual({ unavailable: true });
    expect(await row(user.id)).toEqual(stored);
    expect(console_.lines()).toHaveLength(2);
  });

  it('a Telegram-only student is registered under user-<id>@<our host>', async () => {
    const user = await createUser(database, null);
    await ensureVideoAccess(database, config, {
      userId: user.id,
      email: null,
      mediaCode: MEDIA,
      now: NOW,
    });
    expect(fake.state.calls[0]!.params.email).toBe(`user-${user.id}@course.example.ru`);
    expect(fake.state.calls[0]!.params.notification).toBe('0');
  });

  it('revoke: deletebuyer, the row kept but inactive; a later view grants again', async () => {
    const user = await createUser(database);
    await ensureVideoAccess(database, config, {
      userId: user.id,
      email: user.email,
      mediaCode: MEDIA,
      now: NOW,
    });
    await ensureVideoAccess(database, config, {
      userId: user.id,
      email: user.email,
      mediaCode: OTHER,
      now: NOW,
    });
    const hash = viewerHash(APP_SECRET, user.id, MEDIA);
    fake.state.calls.length = 0;
    expect(
      await revokeVideoAccess(database, config, { userId: user.id, mediaCodes: [MEDIA, MEDIA] }),
    ).toEqual({ revoked: [MEDIA], failed: [] });
    expect(fake.state.calls.map((c) => c.params)).toEqual([
      { apikey: API_KEY, code: SUBSCRIPTION, hash, format: 'json' },
    ]);
    expect(fake.state.buyer(SUBSCRIPTION, hash)).toBeUndefined();
    expect(await row(user.id, MEDIA)).toMatchObject({ active: false, password: hash });
    expect(await row(user.id, OTHER)).toMatchObject({ active: true });

    // Revoking again finds no active grant: no call.
    fake.state.calls.length = 0;
    expect(
      await revokeVideoAccess(database, config, { userId: user.id, mediaCodes: [MEDIA] }),
    ).toEqual({ revoked: [], failed: [] });
    expect(fake.state.calls).toEqual([]);

    const again = urlOf(
      await ensureVideoAccess(database, config, {
        userId: user.id,
        email: user.email,
        mediaCode: MEDIA,
        now: NOW,
      }),
    );
    expect(again).toBe(`${PLAYER}/${MEDIA}?id_recovery=${hash}`);
    expect(methods()[0]).toBe('addbuyer');
    expect(await row(user.id, MEDIA)).toMatchObject({ active: true });
    expect(await rows(user.id)).toHaveLength(2);
  });

  it('revoke tolerates a buyer Boomstream no longer has', async () => {
    const user = await createUser(database);
    await ensureVideoAccess(database, config, {
      userId: user.id,
      email: user.email,
      mediaCode: MEDIA,
      now: NOW,
    });
    fake.state.buyers.clear();
    expect(
      await revokeVideoAccess(database, config, { userId: user.id, mediaCodes: [MEDIA] }),
    ).toEqual({ revoked: [MEDIA], failed: [] });
    expect(await row(user.id)).toMatchObject({ active: false });
    expect(console_.lines()).toEqual([]);
  });

  it('revoke keeps the grant active when Boomstream refuses or cannot be reached', async () => {
    const user = await createUser(database);
    await ensureVideoAccess(database, config, {
      userId: user.id,
      email: user.email,
      mediaCode: MEDIA,
      now: NOW,
    });
    const wrongKey = grantConfig({
      BOOMSTREAM_SECRET: 'not-the-key',
      BOOMSTREAM_API_URL: fake.apiUrl,
    });
    // "Application not found" is a "not found" too, but about our key: the buyer still exists.
    expect(
      await revokeVideoAccess(database, wrongKey, { userId: user.id, mediaCodes: [MEDIA] }),
    ).toEqual({ revoked: [], failed: [MEDIA] });
    fake.state.failNext(2, { kind: 'status', status: 500 });
    expect(
      await revokeVideoAccess(database, config, { userId: user.id, mediaCodes: [MEDIA] }),
    ).toEqual({ revoked: [], failed: [MEDIA] });
    const noKey = grantConfig({ BOOMSTREAM_API_URL: fake.apiUrl });
    expect(
      await revokeVideoAccess(database, noKey, { userId: user.id, mediaCodes: [MEDIA] }),
    ).toEqual({ revoked: [], failed: [MEDIA] });
    expect(await row(user.id)).toMatchObject({ active: true });
    expect(fake.state.buyers.size).toBe(1);
    expect(console_.lines()).toHaveLength(3);
  });

  it('two simultaneous first views make one buyer and one row', async () => {
    const user = await createUser(database);
    fake.state.latencyInMs = 50;
    const views = await Promise.all(
      [1, 2, 3].map(async () =>
        urlOf(
          await ensureVideoAccess(database, config, {
            userId: user.id,
            email: user.email,
            mediaCode: MEDIA,
            now: NOW,
          }),
        ),
      ),
    );
    expect(new Set(views).size).toBe(1);
    expect(methods().filter((m) => m === 'addbuyer')).toHaveLength(1);
    expect(fake.state.buyers.size).toBe(1);
    expect(await rows(user.id)).toHaveLength(1);
  });

  it('two web instances serving the same first view at once still make one buyer and one row', async () => {
    const user = await createUser(database);
    const second = openDatabase(test.url);
    try {
      fake.state.latencyInMs = 50;
      const views = await Promise.all(
        [database, second].map((db) =>
          ensureVideoAccess(db, config, {
            userId: user.id,
            email: user.email,
            mediaCode: MEDIA,
            now: NOW,
          }),
        ),
      );
      expect(views[0]).toEqual(views[1]);
      expect(methods().filter((m) => m === 'addbuyer')).toHaveLength(2);
      expect([...fake.state.buyers.values()].map((b) => b.hash)).toEqual([
        viewerHash(APP_SECRET, user.id, MEDIA),
      ]);
      expect(await rows(user.id)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('a buyer Boomstream still has with an old end date (our row lost) is extended after addbuyer', async () => {
    const user = await createUser(database);
    const hash = viewerHash(APP_SECRET, user.id, MEDIA);
    fake.state.putBuyer({
      subscription: SUBSCRIPTION,
      hash,
      email: user.email!,
      media: [MEDIA],
      accessExpire: '2026-01-01 00:00:00',
      activation: 5,
    });
    await ensureVideoAccess(database, config, {
      userId: user.id,
      email: user.email,
      mediaCode: MEDIA,
      now: NOW,
    });
    expect(methods()).toEqual(['addbuyer', 'updatebuyer']);
    expect(fake.state.buyer(SUBSCRIPTION, hash)?.accessExpire).toBe('2026-03-31 12:00:00');
  });

  it("renewing a buyer deleted on Boomstream's side adds it again", async () => {
    const user = await createUser(database);
    await ensureVideoAccess(database, config, {
      userId: user.id,
      email: user.email,
      mediaCode: MEDIA,
      now: NOW,
    });
    fake.state.reset();
    const later = new Date(NOW.getTime() + 40 * DAY_IN_MS);
    const embedUrl = urlOf(
      await ensureVideoAccess(database, config, {
        userId: user.id,
        email: user.email,
        mediaCode: MEDIA,
        now: later,
      }),
    );
    expect(methods()).toEqual(['updatebuyer', 'addbuyer', 'info', 'updatebuyer']);
    expect(embedUrl).toContain(`id_recovery=${viewerHash(APP_SECRET, user.id, MEDIA)}`);
    expect((await row(user.id))!.endDate).toEqual(new Date(later.getTime() - 500 + 30 * DAY_IN_MS));
  });

  it('refuses a malformed media code', async () => {
    const user = await createUser(database);
    await expect(
      ensureVideoAccess(database, config, { userId: user.id, email: user.email, mediaCode: 'x' }),
    ).rejects.toThrow(/media code/);
    expect(fake.state.calls).toEqual([]);
  });
});
