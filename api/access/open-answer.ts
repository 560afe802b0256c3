/**
 * The gate's answer for the common case at a course launch — a signed-in student opening a
 * lesson that is open for them by record — in one prepared statement: the session by its
 * token's hash, with its user, this lesson's override and unlock, the roster, and the student's
 * Boomstream grants for the lesson's parts. The answer is the same JSON the full gate
 * (video-gate.ts) gives, serialized.
 *
 * Anything else is declined (null) and the request takes the full way, which answers it and
 * does what it must: an unknown, expired or renewable session (the cookie cleared or sent
 * again), a lesson closed or revoked or off the roster (the reason), a grant to make or renew
 * (Boomstream). So this file only ever says yes, and only where the full gate would say the same
 * yes; tests/access/open-answer.test.ts holds it to that, case by case.
 */
import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { SESSION_TOKEN_PATTERN, sessionStanding } from '../auth/session.ts';
import { sha256Hex } from '../auth/tokens.ts';
import { embedNeedsGrant, recordedEmbedUrl, type GrantConfig } from '../boomstream/grants.ts';
import { playerOrigin } from '../boomstream/player.ts';
import type { CourseAudience } from '../config.ts';
import { findLesson } from '../course/instance.ts';
import type { Course, Lesson } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import { preparedStatement } from '../db/prepared.ts';
import { booleanValue, dateValue, numberValue, textValue } from '../db/row-values.ts';
import { decideOpenRecord, openRecordColumns, openRecordParams } from './open-record.ts';

export type OpenAnswerConfig = GrantConfig & { courseAudience: CourseAudience };

/** The statement for a lesson of `parts` parts whose grants count (none without a Boomstream API). */
function answerStatement(database: Database, parts: number) {
  return preparedStatement(database, `gate_open_answer_${parts}`, (database) => {
    const { db, t } = database;
    const record = openRecordColumns(database);
    const grants = Array.from({ length: parts }, (_, i) => alias(t.passwords, `part_${i}`));
    // The columns in this order: the rows come back as arrays (see the reading below).
    let query = db
      .select({
        expiresAt: t.sessions.expiresAt,
        override: record.override,
        unlocked: record.unlocked,
        onRoster: record.onRoster,
        ...Object.fromEntries(
          grants.flatMap((grant, i) => [
            [`active${i}`, grant.active],
            [`endDate${i}`, grant.endDate],
            [`password${i}`, grant.password],
          ]),
        ),
      })
      .from(t.sessions)
      .innerJoin(t.users, eq(t.users.id, t.sessions.userId))
      .$dynamic();
    grants.forEach((grant, i) => {
      query = query.leftJoin(
        grant,
        and(eq(grant.userId, t.users.id), eq(grant.mediaCode, sql.placeholder(`code${i}`))),
      );
    });
    return database.prepareRows(query.where(eq(t.sessions.id, sql.placeholder('id'))).getSQL());
  });
}
const GRANTS_FROM = 4;

/** The body when no part depends on the student (no Boomstream API): the same for everyone. */
const sharedBodies = new WeakMap<OpenAnswerConfig, WeakMap<Lesson, string>>();

function serialize(config: OpenAnswerConfig, lesson: Lesson, embedUrls: string[]): string {
  const parts = lesson.videos.map((video, i) => ({ title: video.title, embedUrl: embedUrls[i]! }));
  return JSON.stringify({ unlocked: true, parts, playerOrigin: playerOrigin(config) });
}

/**
 * The 200 body of GET /api/lessons/:lessonId/video for this cookie token, when the lesson is
 * open for its student by record and every part can be played as recorded; null otherwise.
 */
export async function openGateAnswer(
  database: Database,
  config: OpenAnswerConfig,
  course: Course,
  token: string,
  lessonApiId: string,
  now: Date = new Date(),
): Promise<string | null> {
  if (!SESSION_TOKEN_PATTERN.test(token)) return null;
  const lesson = findLesson(course, lessonApiId);
  if (!lesson || !lesson.videos.length) return null;
  const withGrants = embedNeedsGrant(config);
  const codes = withGrants ? lesson.videos.map((video) => video.code) : [];
  const params: Record<string, unknown> = { id: sha256Hex(token), ...openRecordParams(lesson) };
  codes.forEach((code, i) => (params[`code${i}`] = code));
  const [row] = await answerStatement(database, codes.length)(params);
  if (!row) return null;
  const expiresAt = dateValue(row[0])!;
  if (sessionStanding(expiresAt, now) !== 'valid') return null;
  const record = {
    override: textValue(row[1]),
    unlocked: numberValue(row[2]),
    onRoster: numberValue(row[3]) ?? 0,
  };
  if (decideOpenRecord(record, config.courseAudience) !== 'open') return null;

  if (!withGrants) {
    let bodies = sharedBodies.get(config);
    if (!bodies) sharedBodies.set(config, (bodies = new WeakMap()));
    let body = bodies.get(lesson);
    if (body === undefined) {
      const urls = lesson.videos.map((video) =>
        recordedEmbedUrl(config, video.code, undefined, now)!,
      );
      bodies.set(lesson, (body = serialize(config, lesson, urls)));
    }
    return body;
  }
  const urls: string[] = [];
  for (let i = 0; i < codes.length; i++) {
    const at = GRANTS_FROM + i * 3;
    const password = textValue(row[at + 2]);
    const url =
      password === null
        ? undefined
        : recordedEmbedUrl(
            config,
            codes[i]!,
            { active: booleanValue(row[at]), endDate: dateValue(row[at + 1]), password },
            now,
          );
    if (url === undefined) return null;
    urls.push(url);
  }
  return serialize(config, lesson, urls);
}
