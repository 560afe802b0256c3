/**
 * Boomstream down on a student's first view of an open lesson: 503 `video_unavailable`, not the
 * plain player URL (which would show Boomstream's purchase prompt); a recorded grant that has
 * not run out still plays. Over real HTTP against the built server, on every dialect.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.ts';
import { lessons, startHardenedSite, type HardenedSite } from './support.ts';

const twoParts = lessons.find((l) => l.videos.length === 2)!;
const onePart = lessons.find((l) => l.videos.length === 1)!;
const DOWN = { kind: 'status', status: 503 } as const;

describe.each(dialects)('the video gate with Boomstream down, on $name', ({ create }) => {
  let site: HardenedSite;
  beforeAll(async () => {
    site = await startHardenedSite(create, [twoParts.slug, onePart.slug]);
  });
  afterAll(() => site?.close());

  const video = async (id: number | null) =>
    (await site.signIn('student@example.ru')).fetch(`/api/lessons/${id}/video`);

  it('a first view answers 503 video_unavailable with a Russian message and no player URL; nothing is recorded; the next view grants', async () => {
    site.boomstream.state.failNext(50, DOWN);
    const response = await video(twoParts.stepikLessonId);
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: 'video_unavailable',
      message: expect.stringMatching(/Видеосервис сейчас не отвечает/),
    });
    for (const v of twoParts.videos) expect(text).not.toContain(v.code);
    const { db, t } = site.test.database;
    expect(
      await db.select().from(t.passwords).where(eq(t.passwords.userId, site.studentId)),
    ).toEqual([]);

    site.boomstream.state.reset();
    const again = await video(twoParts.stepikLessonId);
    expect(again.status).toBe(200);
    const body = (await again.json()) as { parts: { embedUrl: string }[] };
    expect(body.parts.map((p) => new URL(p.embedUrl).searchParams.has('id_recovery'))).toEqual([
      true,
      true,
    ]);
  });

  it('a recorded grant that has not run out still answers 200 while Boomstream is down — fresh, or due for renewal', async () => {
    const before = await video(twoParts.stepikLessonId);
    expect(before.status).toBe(200);
    const urls = ((await before.json()) as { parts: { embedUrl: string }[] }).parts.map(
      (p) => p.embedUrl,
    );
    site.boomstream.state.reset();
    site.boomstream.state.failNext(50, DOWN);
    const fresh = await video(twoParts.stepikLessonId);
    expect(fresh.status).toBe(200);
    expect(
      ((await fresh.json()) as { parts: { embedUrl: string }[] }).parts.map((p) => p.embedUrl),
    ).toEqual(urls);
    expect(site.boomstream.state.calls).toEqual([]);

    // Thirty minutes left: the gate tries to renew, Boomstream fails, the recorded grant plays.
    const { db, t } = site.test.database;
    const code = twoParts.videos[0]!.code;
    await db
      .update(t.passwords)
      .set({ endDate: new Date(Date.now() + 30 * 60_000) })
      .where(and(eq(t.passwords.userId, site.studentId), eq(t.passwords.mediaCode, code)));
    const renewing = await video(twoParts.stepikLessonId);
    expect(renewing.status).toBe(200);
    expect(
      ((await renewing.json()) as { parts: { embedUrl: string }[] }).parts.map((p) => p.embedUrl),
    ).toEqual(urls);
    expect(site.boomstream.state.calls.length).toBeGreaterThan(0);
  });

  it('an expired grant with Boomstream down is unavailable too, not the plain URL', async () => {
    const { db, t } = site.test.database;
    site.boomstream.state.reset();
    expect((await video(onePart.stepikLessonId)).status).toBe(200);
    await db
      .update(t.passwords)
      .set({ endDate: new Date(Date.now() - 60_000) })
      .where(
        and(
          eq(t.passwords.userId, site.studentId),
          eq(t.passwords.mediaCode, onePart.videos[0]!.code),
        ),
      );
    site.boomstream.state.failNext(50, DOWN);
    const response = await video(onePart.stepikLessonId);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'video_unavailable' });
  });
});
