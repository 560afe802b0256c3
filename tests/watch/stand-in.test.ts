/**
 * The offline stand-in player: only where no Boomstream is configured and never in production
 * (the configuration refuses it, and so does the module itself), framed under a policy that
 * allows it only then, served by the built server for the course's codes only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { setOverrides } from '#api/access/overrides.ts';
import { createPasswordUser } from '#api/auth/users.ts';
import { ConfigError, loadConfig } from '#api/config.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { STAND_IN_CLIP_SECONDS } from '#api/watch/shares.ts';
import { createStandInPlayer, StandInRefused } from '#scripts/fakes/boomstream/stand-in-player.ts';
import { pageKind, securityHeaders } from '#server/security-headers.ts';
import { builtSite } from '../support/built-site.ts';
import { Browserish } from '../support/browserish.ts';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const lesson = listLessons(course).find((l) => l.videos.length === 2)!;

describe('the stand-in switch', () => {
  it('is off unless asked for', () => {
    expect(loadConfig({}).boomstream.standIn).toBe(false);
    expect(loadConfig({ BOOMSTREAM_STAND_IN: '0' }).boomstream.standIn).toBe(false);
    expect(loadConfig({ BOOMSTREAM_STAND_IN: '1' }).boomstream.standIn).toBe(true);
  });

  it.each([
    [
      'APP_ENV=production',
      { APP_ENV: 'production', APP_DOMAIN: 'course.example.ru', APP_SECRET: 'x'.repeat(32) },
      /APP_ENV=production/,
    ],
    ['NODE_ENV=production', { NODE_ENV: 'production' }, /NODE_ENV=production/],
    [
      'a Boomstream API key',
      { BOOMSTREAM_SECRET: 'key', BOOMSTREAM_SUBSCRIPTION: 'Sub12345' },
      /BOOMSTREAM_SECRET/,
    ],
    [
      'a player host',
      { BOOMSTREAM_PLAYER_URL: 'https://play.boomstream.com' },
      /BOOMSTREAM_PLAYER_URL/,
    ],
  ])('is refused by the configuration with %s', (_name, env, message) => {
    let error: unknown;
    try {
      loadConfig({ BOOMSTREAM_STAND_IN: '1', ...env });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { name: 'BOOMSTREAM_STAND_IN', message: expect.stringMatching(message) },
    ]);
  });

  const offline = loadConfig({ BOOMSTREAM_STAND_IN: '1' });
  it.each([
    ['it is off', { ...offline, boomstream: { ...offline.boomstream, standIn: false } }, {}],
    ['APP_ENV is production', { ...offline, env: 'production' as const }, {}],
    ['NODE_ENV is production', offline, { NODE_ENV: 'production' }],
    [
      'a real Boomstream is configured',
      { ...offline, boomstream: { ...offline.boomstream, apiKey: 'key' } },
      {},
    ],
  ])('refuses to mount itself when %s', (_name, config, env) => {
    expect(() => createStandInPlayer(config, () => course, env)).toThrow(StandInRefused);
  });

  it('mounts offline', () => {
    expect(typeof createStandInPlayer(offline, () => course, {})).toBe('function');
  });
});

describe('the policy for player frames', () => {
  const framesOf = (csp: string) => /frame-src ([^;]+)/.exec(csp)![1]!.split(' ');
  it('allows Boomstream, not this site, normally', () => {
    const csp = securityHeaders('page', loadConfig({}))['Content-Security-Policy']!;
    expect(framesOf(csp)).toEqual(['https://play.boomstream.com', 'https://oauth.telegram.org']);
  });

  it('allows this site (the stand-in), not Boomstream, offline', () => {
    const csp = securityHeaders('page', loadConfig({ BOOMSTREAM_STAND_IN: '1' }))[
      'Content-Security-Policy'
    ]!;
    expect(framesOf(csp)).toEqual(["'self'", 'https://oauth.telegram.org']);
  });

  it('gives the stand-in page its own script only, framed by our pages', () => {
    expect(pageKind('/_player/DmInst01')).toBe('player');
    const csp = securityHeaders('player', loadConfig({ BOOMSTREAM_STAND_IN: '1' }))[
      'Content-Security-Policy'
    ]!;
    expect(csp).toContain("default-src 'none'; script-src 'self'; style-src 'self'");
    expect(csp).toContain("frame-ancestors 'self' https://web.telegram.org");
  });
});

describe.each([
  ['offline (the stand-in on)', { BOOMSTREAM_STAND_IN: '1' }, true],
  ['with the Boomstream player', {}, false],
])('the built server %s', (_name, env, standIn) => {
  let test: TestDatabase;
  let server: RunningServer;
  let student: Browserish;

  beforeAll(async () => {
    test = await createSqliteDatabase();
    const user = await createPasswordUser(test.database, {
      email: 'anna@example.ru',
      password: '111222333',
    });
    await setOverrides(test.database, {
      userId: user.id,
      lessons: [lesson],
      action: 'grant',
      actor: 'test',
    });
    server = await startBuiltServer(builtSite(), { DATABASE_URL: test.url, ...env });
    student = new Browserish(server.origin);
    expect(
      (
        await student.fetch('/api/auth/password', {
          method: 'POST',
          json: { email: 'anna@example.ru', password: '111222333' },
        })
      ).status,
    ).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
    await test?.dispose();
  });

  it(
    standIn
      ? 'hands out the stand-in player, accepting events from this site only'
      : 'hands out Boomstream players, accepting events from its host',
    async () => {
      const response = await student.fetch(`/api/lessons/${lesson.stepikLessonId}/video`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        parts: { embedUrl: string }[];
        playerOrigin: string;
      };
      expect(body.parts.map((p) => p.embedUrl)).toEqual(
        lesson.videos.map((v) =>
          standIn ? `/_player/${v.code}` : `https://play.boomstream.com/${v.code}`,
        ),
      );
      expect(body.playerOrigin).toBe(standIn ? 'self' : 'https://play.boomstream.com');
      const page = await student.fetch(`/lessons/${lesson.slug}`);
      expect(page.headers.get('content-security-policy')).toContain(
        standIn ? "frame-src 'self' " : 'frame-src https://play.boomstream.com ',
      );
    },
  );

  it(
    standIn
      ? "serves the stand-in for the course's codes only"
      : 'does not serve the stand-in at all',
    async () => {
      const code = lesson.videos[0]!.code;
      const page = await fetch(`${server.origin}/_player/${code}`);
      if (!standIn) {
        expect(page.status).toBe(404);
        expect(await page.text()).not.toContain('data-duration');
        expect((await fetch(`${server.origin}/_player/stand-in.js`)).status).toBe(404);
        return;
      }
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toMatch(
        /^default-src 'none'; script-src 'self'/,
      );
      const html = await page.text();
      expect(html).toContain(`data-duration="${STAND_IN_CLIP_SECONDS}"`);
      expect(html).toContain(`data-code="${code}"`);
      expect(html).toContain(lesson.videos[0]!.title);
      const script = await fetch(`${server.origin}/_player/stand-in.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(await script.text()).toContain("post('loaded')");
      expect((await fetch(`${server.origin}/_player/Unknown1`)).status).toBe(404);
      expect((await fetch(`${server.origin}/_player/<script>`)).status).toBe(404);
      expect(
        (
          await fetch(`${server.origin}/_player/${code}`, {
            method: 'POST',
            headers: { Origin: server.origin },
          })
        ).status,
      ).toBe(405);
    },
  );
});
