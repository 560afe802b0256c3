/**
 * The gate's hot path: is this lesson open for this student by what is recorded — a staff
 * grant, or an unlock the sync (or a refresh) wrote once and for good — with a staff revoke
 * winning over both, and (COURSE_AUDIENCE=roster) only for someone on the roster. Point lookups
 * in one prepared statement; no walk over the course. A lesson that is not open by record goes
 * to the full computation (student-access.ts), which also says why.
 *
 * The lookups are joins over a `users` row (`openRecordJoins`), so the gate's open answer
 * (open-answer.ts) reads them in the same statement as the session.
 */
import { and, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CourseAudience } from '../config.ts';
import type { Lesson } from '../course/schema.ts';
import type { Database } from '../db/client.ts';
import { preparedStatement } from '../db/prepared.ts';

export type OpenRecord = 'open' | 'revoked' | 'unknown';

export interface OpenRecordRow {
  override: string | null;
  unlocked: number | null;
  onRoster: number;
}

/** The placeholders of openRecordJoins' lookups for a lesson (`audience` aside). */
export const openRecordParams = (
  lesson: Pick<Lesson, 'slug' | 'stepikLessonId'>,
): { slug: string; lessonId: number } => ({
  slug: lesson.slug,
  lessonId: lesson.stepikLessonId ?? -1,
});

/**
 * The lookups as left joins over the `users` row in the query: their `columns`, the `joins` to
 * add, and `needsRules`, true exactly where decideOpenRecord does not say 'open' — so the gate's
 * statement (open-answer.ts) reads the stored decision (snapshot.ts) only for a lesson the rules
 * must decide. Each join finds at most one row (a primary or unique key). Placeholders: `slug`
 * (the lesson's slug, for a staff override), `lessonId` (its Stepik id, -1 for none: no progress
 * row) and, for `needsRules`, `audience`. tests/access/open-answer.test.ts holds `needsRules` to
 * decideOpenRecord case by case.
 */
export function openRecordJoins({ t }: Database) {
  const override = alias(t.accessOverrides, 'record_override');
  const progress = alias(t.lessonProgress, 'record_progress');
  const roster = alias(t.courseRoster, 'record_roster');
  const columns: { [K in keyof OpenRecordRow]: SQL<OpenRecordRow[K]> } = {
    override: sql<string | null>`${override.action}`,
    unlocked: sql<number | null>`(case when ${progress.userId} is null then null else 1 end)`,
    onRoster: sql<number>`(case when ${roster.userId} is null then 0 else 1 end)`,
  };
  const joins = [
    [
      override,
      and(eq(override.userId, t.users.id), eq(override.lessonSlug, sql.placeholder('slug')))!,
    ],
    [
      progress,
      and(
        eq(progress.userId, t.users.id),
        eq(progress.lessonId, sql.placeholder('lessonId')),
        isNotNull(progress.unlockedAt),
      )!,
    ],
    [roster, eq(roster.userId, t.users.id)],
  ] as const;
  // decideOpenRecord below, negated: off the roster (with that audience), revoked, or neither
  // granted nor unlocked.
  const needsRules = sql`((${sql.placeholder('audience')} = 'roster' and ${roster.userId} is null) or ${override.action} = 'revoke' or (coalesce(${override.action}, '') <> 'grant' and ${progress.userId} is null))`;
  return { columns, joins, needsRules };
}

/** What the lookups say. */
export function decideOpenRecord(row: OpenRecordRow, audience: CourseAudience): OpenRecord {
  // Off the roster nothing opens, not even a grant (rules.ts): let the full computation say so.
  if (audience === 'roster' && Number(row.onRoster) !== 1) return 'unknown';
  if (row.override === 'revoke') return 'revoked';
  if (row.override === 'grant') return 'open';
  return row.unlocked !== null && row.unlocked !== undefined ? 'open' : 'unknown';
}

export async function lessonOpenRecord(
  database: Database,
  userId: number,
  lesson: Pick<Lesson, 'slug' | 'stepikLessonId'>,
  audience: CourseAudience,
): Promise<OpenRecord> {
  // One statement: each statement on a file-backed SQLite takes and drops its read lock (two
  // system calls), which costs more than the lookups themselves.
  const record = preparedStatement(database, 'gate_open_record', (database) => {
    const { db, t } = database;
    const { columns, joins } = openRecordJoins(database);
    let query = db.select(columns).from(t.users).$dynamic();
    for (const [table, on] of joins) query = query.leftJoin(table, on);
    return query.where(eq(t.users.id, sql.placeholder('userId'))).prepare('gate_open_record');
  });
  const [row] = await record.execute({ userId, ...openRecordParams(lesson) });
  return row ? decideOpenRecord(row, audience) : 'unknown';
}
