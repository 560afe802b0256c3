/**
 * The gate for a request with a cookie, before the API router, in one prepared statement: the
 * session by its token's hash, with its user, this lesson's override and unlock, the roster, and
 * the student's Boomstream grants for the lesson's parts.
 *
 * Open by record with fresh grants (the common case at a course launch): the 200 body, the
 * same JSON the full gate (video-gate.ts) gives. A settled session otherwise: the student and
 * the record, for answerByRecord (the rules, the reason, a grant to make). No settled session —
 * unknown, expired, or in its second half (the router extends it and sends the cookie again) —
 * or no such lesson: null, and the router answers in full. tests/access/open-answer.test.ts
 * holds each case to what the full gate says.
 */
import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  SETTLED_SESSION_COLUMNS,
  sessionIdOf,
  settledSessionQuery,
  settledStudentOf,
  whereSession,
} from '../auth/settled-session.ts';
import { embedNeedsGrant, recordedEmbedUrl, type GrantConfig } from '../boomstream/grants.ts';
import { playerOrigin } from '../boomstream/player.ts';
import { findLesson } from '../course/instance.ts';
import type { Course, Lesson } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import { preparedStatement } from '../db/prepared.ts';
import { booleanValue, dateValue, numberValue, textValue } from '../db/row-values.ts';
import {
  readSnapshotColumns,
  snapshotColumns,
  snapshotCourseKey,
  snapshotEntryParams,
  snapshotJoin,
  type SnapshotSettings,
  type StoredRead,
} from './snapshot.ts';
import {
  decideOpenRecord,
  openRecordJoins,
  openRecordParams,
  type OpenRecord,
} from './open-record.ts';

export type OpenAnswerConfig = GrantConfig & SnapshotSettings;

/** The statement for a lesson of `parts` parts whose grants count (none without a Boomstream API). */
function answerStatement(database: Database, parts: number) {
  return preparedStatement(database, `gate_open_answer_${parts}`, (database) => {
    const { t } = database;
    const grants = Array.from({ length: parts }, (_, i) => alias(t.passwords, `part_${i}`));
    const record = openRecordJoins(database);
    // After the session's columns, in this order: the rows come back as arrays (read below).
    let query = settledSessionQuery(database, {
      ...record.columns,
      ...Object.fromEntries(
        grants.flatMap((grant, i) => [
          [`active${i}`, grant.active],
          [`endDate${i}`, grant.endDate],
          [`password${i}`, grant.password],
        ]),
      ),
      // The stored decision only for a lesson not open by record.
      ...snapshotColumns(database, true, record.needsRules),
    });
    for (const [table, on] of record.joins) query = query.leftJoin(table, on);
    grants.forEach((grant, i) => {
      query = query.leftJoin(
        grant,
        and(eq(grant.userId, t.users.id), eq(grant.mediaCode, sql.placeholder(`code${i}`))),
      );
    });
    // Last, this lesson's stored decision (snapshot.ts), for a lesson not open by record.
    query = query.leftJoin(...snapshotJoin(database));
    return database.prepareRows(query.where(whereSession(database)).getSQL());
  });
}
const RECORD_FROM = SETTLED_SESSION_COLUMNS;
const GRANTS_FROM = RECORD_FROM + 3;

type PerLesson<T> = WeakMap<OpenAnswerConfig, WeakMap<Lesson, T>>;

/** What `make` gives for this configuration and lesson, made the first time it is asked for. */
function perLesson<T>(
  cache: PerLesson<T>,
  config: OpenAnswerConfig,
  lesson: Lesson,
  make: () => T,
): T {
  let byLesson = cache.get(config);
  if (!byLesson) cache.set(config, (byLesson = new WeakMap()));
  if (!byLesson.has(lesson)) byLesson.set(lesson, make());
  return byLesson.get(lesson)!;
}

/** The body when no part depends on the student (no Boomstream API): the same for everyone. */
const sharedBodies: PerLesson<string> = new WeakMap();

function serializeWhole(config: OpenAnswerConfig, lesson: Lesson, embedUrls: string[]): string {
  const parts = lesson.videos.map((video, i) => ({ title: video.title, embedUrl: embedUrls[i]! }));
  return JSON.stringify({ unlocked: true, parts, playerOrigin: playerOrigin(config) });
}

/**
 * The body's JSON around its embed URLs, per lesson: only the URLs (the student's grants) change
 * from one answer to the next. Null where a title could be taken for a slot (then the whole body
 * is serialized each time).
 */
const bodyPieces: PerLesson<string[] | null> = new WeakMap();
const SLOTS = /"\\u0000\d+"/g;

function serialize(config: OpenAnswerConfig, lesson: Lesson, embedUrls: string[]): string {
  const pieces = perLesson(bodyPieces, config, lesson, () => {
    const slots = lesson.videos.map((_, i) => `\u0000${i}`);
    const split = serializeWhole(config, lesson, slots).split(SLOTS);
    return split.length === slots.length + 1 ? split : null;
  });
  if (!pieces) return serializeWhole(config, lesson, embedUrls);
  let body = pieces[0]!;
  for (let i = 0; i < embedUrls.length; i++) body += jsonString(embedUrls[i]!) + pieces[i + 1];
  return body;
}

/** What JSON.stringify escapes in a string: a URL has none of it (it quotes in a tenth of the time). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const jsonString = (text: string): string =>
  NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;

/** What the one statement tells of a gate request that carries a cookie. */
export type GateLookup =
  /** Open by record, every part playable as recorded: the 200 body. */
  | { body: string }
  /**
   * A settled session, the lesson not open by record (or a grant to make): answerByRecord says,
   * with what the statement read of the lesson's stored decision (`stored`).
   */
  | {
      student: { id: number; email: string | null };
      lesson: Lesson;
      record: OpenRecord;
      stored: StoredRead;
    }
  /** No settled session (unknown, expired, to renew), or no such lesson with video: the router. */
  | null;

/** GET /api/lessons/:lessonId/video for a cookie token, in one statement as far as it goes. */
export async function lookUpGate(
  database: Database,
  config: OpenAnswerConfig,
  course: Course,
  token: string,
  lessonApiId: string,
  now: Date = new Date(),
): Promise<GateLookup> {
  const id = sessionIdOf(token);
  if (id === null) return null;
  const lesson = findLesson(course, lessonApiId);
  if (!lesson || !lesson.videos.length) return null;
  const withGrants = embedNeedsGrant(config);
  const codes = withGrants ? lesson.videos.map((video) => video.code) : [];
  const params: Record<string, unknown> = {
    id,
    audience: config.courseAudience,
    ...openRecordParams(lesson),
    ...snapshotEntryParams(database, course, lesson),
  };
  codes.forEach((code, i) => (params[`code${i}`] = code));
  const [row] = await answerStatement(database, codes.length)(params);
  const student = row ? settledStudentOf(row, now) : null;
  if (!row || !student) return null;
  const record = decideOpenRecord(
    {
      override: textValue(row[RECORD_FROM]),
      unlocked: numberValue(row[RECORD_FROM + 1]),
      onRoster: numberValue(row[RECORD_FROM + 2]) ?? 0,
    },
    config.courseAudience,
  );
  const stored = (): StoredRead =>
    readSnapshotColumns(
      row,
      GRANTS_FROM + codes.length * 3,
      snapshotCourseKey(course, config),
      now,
    );
  if (record !== 'open') return { student, lesson, record, stored: stored() };

  if (!withGrants) {
    const body = perLesson(sharedBodies, config, lesson, () =>
      serialize(
        config,
        lesson,
        lesson.videos.map((video) => recordedEmbedUrl(config, video.code, undefined, now)!),
      ),
    );
    return { body };
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
    // A grant to make or renew: Boomstream is asked on the full way.
    if (url === undefined) return { student, lesson, record, stored: stored() };
    urls.push(url);
  }
  return { body: serialize(config, lesson, urls) };
}
