/**
 * The gate's one-statement open answer (api/access/open-answer.ts) against the full gate
 * (video-gate.ts), case by case on both dialects: where it answers, it answers what the full
 * gate answers, byte for byte; everywhere else it declines, so the full gate speaks.
 */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lookUpGate, type OpenAnswerConfig } from '#api/access/open-answer.ts';
import { decideOpenRecord } from '#api/access/open-record.ts';
import { setOverrides } from '#api/access/overrides.ts';
import { lookUpProgress, progressBody, progressText } from '#api/access/progress.ts';
import { answerTextByRecord, answerVideoGate } from '#api/access/video-gate.ts';
import { createSession, SESSION_LIFETIME_IN_MS } from '#api/auth/session.ts';
import { sha256Hex } from '#api/auth/tokens.ts';
import type { UserRow } from '#api/auth/users.ts';
import { saveGrant } from '#api/boomstream/grant-store.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { lessonApiId } from '#api/course/public.ts';
import type { Lesson } from '#api/course/schema.ts';
import type { Database } from '#api/db/client.ts';
import { eq } from 'drizzle-orm';
import { API_KEY, grantConfig } from '../boomstream/support.ts';
import { dialects, disposeAfterEach } from '../support/databases.ts';

const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
const lessons = listLessons(course).filter((l) => l.stepikLessonId !== null);
const twoParts = lessons.find((l) => l.videos.length === 2)!;
const onePart = lessons.find((l) => l.videos.length === 1)!;
const noVideo = listLessons(course).find((l) => l.videos.length === 0);
const DAY = 86_400_000;

const plain = grantConfig({});
const withApi = grantConfig({ BOOMSTREAM_SECRET: API_KEY });
const roster = grantConfig({ COURSE_AUDIENCE: 'roster' });
const standIn = grantConfig({ BOOMSTREAM_STAND_IN: '1' });

const fresh = disposeAfterEach();

/** The 200 body the lookup answers by itself (open by record, playable as recorded); null otherwise. */
async function openGateAnswer(...args: Parameters<typeof lookUpGate>): Promise<string | null> {
  const lookup = await lookUpGate(...args);
  return lookup && 'body' in lookup ? lookup.body : null;
}

async function student(database: Database): Promise<{ user: UserRow; token: string }> {
  const { db, t } = database;
  const [user] = await db
    .insert(t.users)
    .values({ email: `s-${Math.random().toString(36).slice(2)}@example.ru` })
    .returning();
  const { token } = await createSession(database, user!.id);
  const [row] = await db.select().from(t.users).where(eq(t.users.id, user!.id));
  return { user: row!, token };
}

/** A student whose Stepik account is linked: the lesson's own reason speaks, not the account's. */
async function linkedStudent(database: Database): Promise<{ user: UserRow; token: string }> {
  const s = await student(database);
  const stepikUserId = 500_000 + s.user.id;
  await database.db
    .update(database.t.users)
    .set({ stepikUserId })
    .where(eq(database.t.users.id, s.user.id));
  return { user: { ...s.user, stepikUserId }, token: s.token };
}

async function unlock(database: Database, userId: number, lesson: Lesson): Promise<void> {
  await database.db.insert(database.t.lessonProgress).values({
    userId,
    lessonId: lesson.stepikLessonId!,
    stepsPassed: 3,
    stepsTotal: 3,
    unlockedAt: new Date(),
  });
}

async function grantParts(
  database: Database,
  userId: number,
  lesson: Lesson,
  endInMs: number,
): Promise<void> {
  for (const video of lesson.videos)
    await saveGrant(database, {
      userId,
      mediaCode: video.code,
      hash: `hash-${userId}-${video.code}`,
      endDate: new Date(Date.now() + endInMs),
    });
}

/** The one-statement lookup, then answerByRecord: what the server answers before the router. */
async function beforeRouter(
  database: Database,
  config: OpenAnswerConfig,
  s: { user: UserRow; token: string },
  apiId: string,
): Promise<{ status: number; body: string } | null> {
  const lookup = await lookUpGate(database, config, course, s.token, apiId);
  if (!lookup) return null;
  if ('body' in lookup) return { status: 200, body: lookup.body };
  expect(lookup.student).toEqual({ id: s.user.id, email: s.user.email });
  const { status, body, bytes } = await answerTextByRecord(
    database,
    config,
    course,
    lookup.student,
    lookup.lesson,
    lookup.record,
    lookup.stored,
  );
  // Kept answers carry their bytes too: the same text.
  if (bytes) expect(bytes.toString()).toBe(body);
  return { status, body };
}

/** The one-statement answer, checked against the full gate wherever it answers. */
async function fastAnswer(
  database: Database,
  config: OpenAnswerConfig,
  s: { user: UserRow; token: string },
  apiId: string,
): Promise<string | null> {
  const fast = await openGateAnswer(database, config, course, s.token, apiId);
  const full = await answerVideoGate(database, config, course, s.user, apiId);
  if (fast !== null) {
    expect(full.status).toBe(200);
    expect(fast).toBe(JSON.stringify(full.body));
  }
  // Whatever the lookup leaves to answerByRecord, it answers as the full gate does.
  const before = await beforeRouter(database, config, s, apiId);
  if (before) expect(before).toEqual({ status: full.status, body: JSON.stringify(full.body) });
  return fast;
}

describe.each(dialects)('the gate’s open answer on $name', ({ create }) => {
  it('answers a lesson unlocked by the sync, and one granted by staff, as the full gate does', async () => {
    const { database } = await fresh(create);
    const s = await student(database);
    await unlock(database, s.user.id, twoParts);
    const body = await fastAnswer(database, plain, s, lessonApiId(twoParts));
    expect(JSON.parse(body!).parts).toHaveLength(2);
    await setOverrides(database, {
      userId: s.user.id,
      lessons: [onePart],
      action: 'grant',
      actor: 'test',
    });
    expect(await fastAnswer(database, plain, s, lessonApiId(onePart))).not.toBeNull();
    // By slug too, as the API accepts.
    expect(await fastAnswer(database, plain, s, onePart.slug)).not.toBeNull();
    // Offline, the stand-in player's URLs.
    expect(await fastAnswer(database, standIn, s, lessonApiId(onePart))).toContain('/_player/');
  });

  it('declines whatever is not open by record: the full gate says why', async () => {
    const { database } = await fresh(create);
    const s = await student(database);
    expect(await fastAnswer(database, plain, s, lessonApiId(twoParts))).toBeNull();
    await unlock(database, s.user.id, twoParts);
    await setOverrides(database, {
      userId: s.user.id,
      lessons: [twoParts],
      action: 'revoke',
      actor: 'test',
    });
    expect(await fastAnswer(database, plain, s, lessonApiId(twoParts))).toBeNull();
    expect(
      (await answerVideoGate(database, plain, course, s.user, lessonApiId(twoParts))).status,
    ).toBe(403);
  });

  it('declines off the roster when only the roster is taught, and answers on it', async () => {
    const { database } = await fresh(create);
    const s = await student(database);
    await unlock(database, s.user.id, twoParts);
    expect(await fastAnswer(database, roster, s, lessonApiId(twoParts))).toBeNull();
    await database.db.insert(database.t.courseRoster).values({ userId: s.user.id, source: 'cli' });
    expect(await fastAnswer(database, roster, s, lessonApiId(twoParts))).not.toBeNull();
  });

  it('reads the stored decision exactly where the record does not open the lesson', async () => {
    const { database } = await fresh(create);
    const id = lessonApiId(twoParts);
    for (const audience of ['stepik', 'roster'] as const)
      for (const override of [null, 'grant', 'revoke'] as const)
        for (const unlocked of [false, true])
          for (const onRoster of [false, true]) {
            const config = audience === 'roster' ? roster : plain;
            const s = await student(database);
            if (unlocked) await unlock(database, s.user.id, twoParts);
            if (override)
              await setOverrides(database, {
                userId: s.user.id,
                lessons: [twoParts],
                action: override,
                actor: 'test',
              });
            if (onRoster)
              await database.db
                .insert(database.t.courseRoster)
                .values({ userId: s.user.id, source: 'cli' });
            // The full gate stores the decision of a lesson the rules decide.
            await answerVideoGate(database, config, course, s.user, id);
            const record = decideOpenRecord(
              { override, unlocked: unlocked ? 1 : null, onRoster: onRoster ? 1 : 0 },
              audience,
            );
            const lookup = await lookUpGate(database, config, course, s.token, id);
            const label = `${audience}, override ${override}, unlocked ${unlocked}, on roster ${onRoster}`;
            if (record === 'open') expect(lookup && 'body' in lookup, label).toBe(true);
            else
              expect(lookup, label).toMatchObject({
                record,
                stored: { stamp: { version: expect.any(Number) }, stored: { o: false } },
              });
          }
  });

  it('words a closed lesson once for every student it is closed for alike, and anew when that changes', async () => {
    const { database } = await fresh(create);
    const id = lessonApiId(twoParts);
    const answer = async (s: { user: UserRow; token: string }) => {
      await fastAnswer(database, plain, s, id);
      return (await beforeRouter(database, plain, s, id))!;
    };
    const [a, b] = [await linkedStudent(database), await linkedStudent(database)];
    const first = await answer(a);
    expect(first.status).toBe(403);
    // The same stored entry: the same words (each compared with the full gate by fastAnswer).
    expect(await answer(b)).toEqual(first);
    // Kept, not worded again: the very same bytes (the entry comes as text on both dialects).
    const kept = async (s: { token: string }) => {
      const lookup = await lookUpGate(database, plain, course, s.token, id);
      if (!lookup || 'body' in lookup) throw new Error('expected a closed lesson');
      expect(typeof lookup.stored.text).toBe('string');
      const { student, lesson, record, stored } = lookup;
      return (await answerTextByRecord(database, plain, course, student, lesson, record, stored))
        .bytes;
    };
    const bytes = await kept(a);
    expect(bytes).toBeInstanceOf(Buffer);
    expect(await kept(b)).toBe(bytes);
    // Staff revoke the lesson for A: A's answer says so at once, B's stays.
    await setOverrides(database, {
      userId: a.user.id,
      lessons: [twoParts],
      action: 'revoke',
      actor: 'test',
    });
    expect(JSON.parse((await answer(a)).body)).toMatchObject({ reason: 'revoked' });
    expect(await answer(b)).toEqual(first);
  });

  it('makes the progress of the same stored decisions once, the same as progressBody, and anew when they change', async () => {
    const { database } = await fresh(create);
    // What the progress lane answers for a student (its statement, then the kept text).
    const progress = async (s: { token: string }) => {
      const lookup = (await lookUpProgress(database, plain, course, s.token))!;
      const text = await progressText(database, plain, course, lookup.student.id, lookup.read);
      const body = JSON.stringify(await progressBody(database, plain, course, lookup.student.id));
      expect(text.body).toBe(body);
      return text;
    };
    const [a, b] = [await linkedStudent(database), await linkedStudent(database)];
    // The first request computes and stores the decisions; from then on they are read as text.
    await progress(a);
    await progress(b);
    const kept = await progress(a);
    expect(kept.bytes).toBeInstanceOf(Buffer);
    expect(kept.bytes!.toString()).toBe(kept.body);
    // Asked again with nothing changed: the very same bytes, not made again.
    expect((await progress(a)).bytes).toBe(kept.bytes);
    const keptB = (await progress(b)).bytes;
    expect(keptB).toBeInstanceOf(Buffer);
    // Staff open a lesson for A: A's progress says so at once (computed anew), B's stays.
    await setOverrides(database, {
      userId: a.user.id,
      lessons: [twoParts],
      action: 'grant',
      actor: 'test',
    });
    const changed = await progress(a);
    expect(changed.body).not.toBe(kept.body);
    const entry = (
      JSON.parse(changed.body) as { lessons: { slug: string; unlocked: boolean }[] }
    ).lessons.find((l) => l.slug === twoParts.slug);
    expect(entry).toMatchObject({ unlocked: true });
    expect((await progress(b)).bytes).toBe(keptB);
  });

  describe('at the turn of the year', () => {
    afterEach(() => vi.useRealTimers());
    it('says the year of a release date until the year turns, then no longer', async () => {
      const { database } = await fresh(create);
      const final = listLessons(course).find((l) => l.slug === 'final-project')!;
      const id = lessonApiId(final);
      vi.useFakeTimers({ toFake: ['Date'] });
      // 23:50 in Moscow on 31 December; the final project opens a week after the account is made.
      vi.setSystemTime(new Date('2026-12-31T20:50:00Z'));
      const s = await student(database);
      // The account made now (the database's clock is not the faked one).
      await database.db
        .update(database.t.users)
        .set({ createdAt: new Date() })
        .where(eq(database.t.users.id, s.user.id));
      await fastAnswer(database, plain, s, id);
      const before = JSON.parse((await beforeRouter(database, plain, s, id))!.body);
      expect(before.availableText).toMatch(/2027/);
      // 00:05 on 1 January: the same stored entry, the year no longer said.
      vi.setSystemTime(new Date('2026-12-31T21:05:00Z'));
      await fastAnswer(database, plain, s, id);
      const after = JSON.parse((await beforeRouter(database, plain, s, id))!.body);
      expect(after.availableAt).toBe(before.availableAt);
      expect(after.availableText).not.toMatch(/2027/);
    });
  });

  it('declines a session that is unknown, expired or due for renewal, and a malformed token', async () => {
    const { database } = await fresh(create);
    const s = await student(database);
    await unlock(database, s.user.id, twoParts);
    const id = lessonApiId(twoParts);
    expect(await fastAnswer(database, plain, s, id)).not.toBeNull();
    const setExpiry = (at: Date) =>
      database.db
        .update(database.t.sessions)
        .set({ expiresAt: at })
        .where(eq(database.t.sessions.id, sha256Hex(s.token)));
    // In its second half: the full way extends it and sends the cookie again.
    await setExpiry(new Date(Date.now() + SESSION_LIFETIME_IN_MS / 2 - DAY));
    expect(await openGateAnswer(database, plain, course, s.token, id)).toBeNull();
    await setExpiry(new Date(Date.now() - 1000));
    expect(await openGateAnswer(database, plain, course, s.token, id)).toBeNull();
    const other = await student(database);
    await database.db
      .delete(database.t.sessions)
      .where(eq(database.t.sessions.userId, other.user.id));
    await unlock(database, other.user.id, twoParts);
    expect(await openGateAnswer(database, plain, course, other.token, id)).toBeNull();
    for (const token of ['', 'x', s.token.toUpperCase(), `${s.token}a`, "' or 1=1 --"])
      expect(await openGateAnswer(database, plain, course, token, id)).toBeNull();
  });

  it('declines an unknown lesson and one without video', async () => {
    const { database } = await fresh(create);
    const s = await student(database);
    expect(await openGateAnswer(database, plain, course, s.token, '999999999')).toBeNull();
    if (noVideo) {
      await setOverrides(database, {
        userId: s.user.id,
        lessons: [noVideo],
        action: 'grant',
        actor: 'test',
      });
      expect(
        await openGateAnswer(database, plain, course, s.token, lessonApiId(noVideo)),
      ).toBeNull();
    }
  });

  it('writes the body as JSON.stringify does, titles that need escaping and one like a slot too', async () => {
    const { database } = await fresh(create);
    const s = await student(database);
    await unlock(database, s.user.id, twoParts);
    await grantParts(database, s.user.id, twoParts, 30 * DAY);
    const id = lessonApiId(twoParts);
    // The open body is kept per lesson as JSON around its URLs (slots written as "\u0000<i>").
    for (const titles of [
      ['Часть "1" \\ \n', '\u2028 macOS и Linux'],
      ['\u00001', '\u00000'],
    ]) {
      const odd = structuredClone(course);
      const lesson = listLessons(odd).find((l) => l.slug === twoParts.slug)!;
      lesson.videos.forEach((video, i) => (video.title = titles[i]!));
      for (let round = 0; round < 2; round++) {
        const lookup = await lookUpGate(database, withApi, odd, s.token, id);
        const full = await answerVideoGate(database, withApi, odd, s.user, id);
        const body = lookup && 'body' in lookup ? lookup.body : '{}';
        expect(body).toBe(JSON.stringify(full.body));
        expect(JSON.parse(body).parts.map((p: { title: string }) => p.title)).toEqual(titles);
      }
    }
  });

  it('with a Boomstream API, answers only from fresh grants of every part', async () => {
    const { database } = await fresh(create);
    const s = await student(database);
    await unlock(database, s.user.id, twoParts);
    const id = lessonApiId(twoParts);
    // No grant yet: one must be made on Boomstream, which the full gate does.
    expect(await openGateAnswer(database, withApi, course, s.token, id)).toBeNull();
    // One part granted, the other not.
    await saveGrant(database, {
      userId: s.user.id,
      mediaCode: twoParts.videos[0]!.code,
      hash: 'only-first',
      endDate: new Date(Date.now() + 30 * DAY),
    });
    expect(await openGateAnswer(database, withApi, course, s.token, id)).toBeNull();
    // Both granted but one about to end: renewed by the full gate.
    await grantParts(database, s.user.id, twoParts, 30 * DAY);
    await saveGrant(database, {
      userId: s.user.id,
      mediaCode: twoParts.videos[1]!.code,
      hash: 'ending',
      endDate: new Date(Date.now() + 60_000),
    });
    expect(await openGateAnswer(database, withApi, course, s.token, id)).toBeNull();
    // Both fresh: the player URLs carry this student's hashes.
    await grantParts(database, s.user.id, twoParts, 30 * DAY);
    const body = JSON.parse((await fastAnswer(database, withApi, s, id))!);
    expect(body.parts.map((p: { embedUrl: string }) => p.embedUrl)).toEqual(
      twoParts.videos.map((v) =>
        expect.stringContaining(`id_recovery=hash-${s.user.id}-${v.code}`),
      ),
    );
    // A revoked grant (inactive) is not played from.
    await database.db
      .update(database.t.passwords)
      .set({ active: false })
      .where(eq(database.t.passwords.mediaCode, twoParts.videos[0]!.code));
    expect(await openGateAnswer(database, withApi, course, s.token, id)).toBeNull();
    // Another student's grants are not this student's.
    const other = await student(database);
    await unlock(database, other.user.id, twoParts);
    expect(await openGateAnswer(database, withApi, course, other.token, id)).toBeNull();
  });
});
