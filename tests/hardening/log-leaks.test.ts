/**
 * No media code in any log line: the built server runs the unlock flow with Boomstream failing
 * (its replies quoting our request, `media=<code>` inside), a revoke Boomstream refuses, and
 * database queries that fail with media codes among their parameters; everything it wrote to
 * stdout and stderr is scanned for every code in content/course.yaml.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.ts';
import {
  codes,
  codesIn,
  lessons,
  STAFF_EMAIL,
  startHardenedSite,
  type HardenedSite,
} from './support.ts';

const twoParts = lessons.find((l) => l.videos.length === 2)!;
const onePart = lessons.find((l) => l.videos.length === 1)!;

describe.each(dialects)('log lines on $name', ({ name, create }) => {
  let site: HardenedSite;
  beforeAll(async () => {
    site = await startHardenedSite(create, [twoParts.slug, onePart.slug]);
  });
  afterAll(() => site?.close());

  it('the scan finds a code when there is one', () => {
    expect(codesIn(`${site.server.output()}\nat ${codes[2]}`)).toEqual([codes[2]]);
  });

  it('Boomstream failing, a refused revoke and failing queries leave no media code in the output', async () => {
    const student = await site.signIn('student@example.ru');
    const staff = await site.signIn(STAFF_EMAIL);
    const { state } = site.boomstream;

    // 1. First view, Boomstream answering "Failed" with the request URI (media=…, hash=…) in its message.
    state.failNext(10, { kind: 'failed', message: 'Internal trouble at {uri}' });
    expect((await student.fetch(`/api/lessons/${twoParts.stepikLessonId}/video`)).status).toBe(503);
    expect(state.calls.some((c) => c.params.media === twoParts.videos[0]!.code)).toBe(true);

    // 2. A grant recorded, then a revoke that Boomstream refuses (the grant stays active).
    state.reset();
    expect((await student.fetch(`/api/lessons/${onePart.stepikLessonId}/video`)).status).toBe(200);
    state.failNext(10, {
      kind: 'failed',
      message: `Cannot delete ${onePart.videos[0]!.code}: {uri}`,
    });
    const revoke = await staff.fetch('/api/admin/access', {
      method: 'POST',
      json: { userId: site.studentId, lesson: onePart.slug, action: 'revoke' },
    });
    expect(revoke.status).toBe(200);

    // 3. The table the gate and the revoke read is gone: every query on it fails, codes among its
    // parameters. A missing table is a database without its migrations: 503, said as such.
    const { database } = site.test;
    const rename = async (from: string, to: string) => {
      const statement = sql.raw(`alter table ${from} rename to ${to}`);
      await database.rows(statement);
    };
    await rename('passwords', 'passwords_away');
    try {
      const view = await student.fetch(`/api/lessons/${twoParts.stepikLessonId}/video`);
      expect(view.status).toBe(503);
      expect(await view.json()).toEqual({
        error: 'database_not_migrated',
        message: expect.any(String),
      });
      const failing = await staff.fetch('/api/admin/access', {
        method: 'POST',
        json: { userId: site.studentId, lesson: twoParts.slug, action: 'revoke' },
      });
      expect(failing.status).toBe(503);
    } finally {
      await rename('passwords_away', 'passwords');
    }

    const output = site.server.output();
    // The failures were logged (so the scan below looked at real lines) …
    expect(output).toMatch(
      /Boomstream: no per-student access for user \d+ to video media#[0-9a-f]{6}, video unavailable/,
    );
    expect(output).toMatch(
      /Boomstream: could not delete the buyer of user \d+ for video media#[0-9a-f]{6}/,
    );
    expect(output).toMatch(/GET \/api\/lessons\/\d+\/video: the database lacks .*passwords/);
    expect(output).toMatch(/POST \/api\/admin\/access: the database lacks .*passwords/);
    // … and not one of them names a media code.
    expect(codesIn(output), `${name} output:\n${output}`).toEqual([]);
  });
});
