/**
 * The group import: members from a MemberSource → `telegram_users` (upsert by telegram_id),
 * plus the certain links to `users` (see plan-links.ts). Reading the source comes first and
 * entirely, because a SQLite transaction may not wait on the network; then everything is
 * read, decided and written in one transaction, so a failure leaves nothing half-imported.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { addToRoster } from '../roster/roster.ts';
import type { Database, Db } from '../db/client.ts';
import type { Tables } from '../db/tables.ts';
import { TelegramGroupError } from './errors.ts';
import type { GroupMember, MemberSource } from './group-member.ts';
import type { MatchEntry } from './match-list.ts';
import { planLinks, type UserRef } from './plan-links.ts';
import { memberRowChange, type TelegramUserRow } from './row-change.ts';

export interface ImportOptions {
  /** The match file's entries (rule b); without them only rule (a) links. */
  matches?: readonly MatchEntry[];
  /** Decide and report, write nothing. */
  dryRun?: boolean;
}

export interface ImportReport {
  /** Distinct members read, bots and deleted accounts included. */
  members: number;
  skipped: number;
  created: number;
  updated: number;
  unchanged: number;
  linked: number;
  ambiguous: number;
  conflicts: number;
  notes: string[];
  dryRun: boolean;
}

export interface CollectedMembers {
  active: GroupMember[];
  total: number;
  skipped: number;
}

/** Reads the source to the end; a member listed twice counts once (later values fill gaps). */
export async function collectMembers(
  source: MemberSource,
  group: string,
): Promise<CollectedMembers> {
  const byId = new Map<number, GroupMember>();
  for await (const member of source.listMembers(group)) {
    const seen = byId.get(member.telegramId);
    const merged: GroupMember = { ...seen, ...member };
    for (const key of ['lastName', 'username', 'phone'] as const)
      merged[key] = member[key] || seen?.[key];
    merged.firstName = member.firstName || seen?.firstName || '';
    merged.isBot = Boolean(member.isBot || seen?.isBot);
    merged.deleted = Boolean(member.deleted || seen?.deleted);
    byId.set(member.telegramId, merged);
  }
  const all = [...byId.values()];
  const active = all.filter((m) => !m.isBot && !m.deleted);
  return { active, total: all.length, skipped: all.length - active.length };
}

const CHUNK = 500;
const chunks = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) =>
    items.slice(i * CHUNK, (i + 1) * CHUNK),
  );

async function selectIn<R>(
  items: readonly (number | string)[],
  query: (part: (number | string)[]) => Promise<R[]>,
): Promise<R[]> {
  const rows: R[] = [];
  for (const part of chunks(items)) rows.push(...(await query(part)));
  return rows;
}

async function loadUsers(
  db: Db,
  t: Tables,
  column: 'telegramId' | 'email',
  values: readonly (number | string)[],
): Promise<UserRef[]> {
  const fields = { id: t.users.id, email: t.users.email, telegramId: t.users.telegramId };
  return selectIn(values, (part) =>
    db
      .select(fields)
      .from(t.users)
      .where(inArray(t.users[column], part as never[])),
  );
}

async function run(
  db: Db,
  t: Tables,
  members: CollectedMembers,
  options: ImportOptions,
  write: boolean,
): Promise<ImportReport> {
  const ids = members.active.map((m) => m.telegramId);
  const matches = options.matches ?? [];
  const existing = new Map<number, TelegramUserRow>();
  for (const row of await selectIn(ids, (part) =>
    db
      .select()
      .from(t.telegramUsers)
      .where(inArray(t.telegramUsers.telegramId, part as number[])),
  ))
    existing.set(row.telegramId, row);
  const usersByTelegramId = new Map(
    (await loadUsers(db, t, 'telegramId', ids)).map((u) => [u.telegramId!, u]),
  );
  const usersByEmail = new Map(
    (await loadUsers(db, t, 'email', [...new Set(matches.map((m) => m.email))])).map((u) => [
      u.email!,
      u,
    ]),
  );
  const plan = planLinks({ members: members.active, usersByTelegramId, matches, usersByEmail });

  const report: ImportReport = {
    members: members.total,
    skipped: members.skipped,
    created: 0,
    updated: 0,
    unchanged: 0,
    linked: 0,
    ambiguous: plan.ambiguous,
    conflicts: plan.conflicts,
    notes: plan.notes,
    dryRun: !write,
  };
  const inserts: (typeof t.telegramUsers.$inferInsert)[] = [];
  const now = new Date();
  for (const member of members.active) {
    const link = plan.links.get(member.telegramId);
    const row = existing.get(member.telegramId);
    const change = memberRowChange(member, row, link?.userId);
    if (link && row?.userId !== link.userId) report.linked += 1;
    if (change.kind === 'insert') {
      report.created += 1;
      inserts.push(change.values);
    } else if (change.kind === 'update') {
      report.updated += 1;
      if (write)
        await db
          .update(t.telegramUsers)
          .set({ ...change.values, updatedAt: now })
          .where(eq(t.telegramUsers.telegramId, member.telegramId));
    } else report.unchanged += 1;
    if (write && link?.setUserTelegramId) {
      // Guarded: if the student got a Telegram account since we read it, give up rather than overwrite.
      const done = await db
        .update(t.users)
        .set({ telegramId: member.telegramId, updatedAt: now })
        .where(and(eq(t.users.id, link.userId), isNull(t.users.telegramId)))
        .returning({ id: t.users.id });
      if (done.length === 0)
        throw new TelegramGroupError(
          `user #${link.userId} changed during the import; nothing was written, run it again`,
        );
    }
  }
  if (write) for (const part of chunks(inserts)) await db.insert(t.telegramUsers).values(part);
  // A group member matched to a student for certain is on the course (COURSE_AUDIENCE=roster).
  if (write)
    await addToRoster(
      db,
      t,
      [...plan.links.values()].map((link) => link.userId),
      'telegram',
      now,
    );
  return report;
}

/** Reads the members, then upserts and links them (or, with dryRun, only says what it would do). */
export async function importMembers(
  database: Database,
  source: MemberSource,
  group: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const members = await collectMembers(source, group);
  if (options.dryRun) return run(database.db, database.t, members, options, false);
  return database.transaction((tx) => run(tx, database.t, members, options, true));
}

/** `members 120 (bots/deleted skipped 3), new 100, updated 5, linked 40, ambiguous 2` */
export function formatSummary(report: ImportReport): string {
  return `members ${report.members} (bots/deleted skipped ${report.skipped}), new ${report.created}, updated ${report.updated}, linked ${report.linked}, ambiguous ${report.ambiguous}`;
}
