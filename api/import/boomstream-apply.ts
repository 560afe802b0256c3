/**
 * Writes a plan in ONE transaction: every created and updated user lands, or none does. The
 * body only awaits database calls (hashing happened in the plan), as the SQLite transaction
 * requires.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.ts';
import type { Tables } from '../db/tables.ts';
import type { PlannedRow } from './boomstream-plan.ts';
import { ImportError } from './import-error.ts';
import { describeError } from '../log/safe-error.ts';
import { addEmailsToRoster } from '../roster/roster.ts';

export interface ApplyOptions {
  now?: Date;
  /** Rows per insert statement (tests use a few to put a failure in a later statement). */
  rowsPerInsert?: number;
  /** Called after each statement with the rows written so far. */
  onProgress?: (done: number, total: number) => void;
}

/** 6 values a row: far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const ROWS_PER_INSERT = 500;

type UserInsert = Tables['users']['$inferInsert'];

function hashOf(plan: PlannedRow): string {
  if (!plan.passwordHash)
    throw new Error(
      `line ${plan.row.line}: the plan has no password hash (planned without hashing?)`,
    );
  return plan.passwordHash;
}

/** The driver's own words: drizzle's wrapper message repeats the query and its parameters (hashes). */
function refused(what: string, error: unknown): ImportError {
  return new ImportError(
    `the database refused ${what}: ${describeError(error)}; nothing was written`,
  );
}

function linesOf(batch: readonly PlannedRow[]): string {
  const first = batch[0]!.row.line;
  const last = batch[batch.length - 1]!.row.line;
  return first === last
    ? `line ${first} (${batch[0]!.row.email})`
    : `the rows of lines ${first}–${last}`;
}

/** insert … on conflict (email) do update: the upsert also covers a user created since the plan. */
async function insertBatch(
  tx: Db,
  t: Tables,
  batch: readonly PlannedRow[],
  now: Date,
): Promise<void> {
  const values: UserInsert[] = batch.map((plan) => ({
    email: plan.row.email,
    boomPassword: hashOf(plan),
    firstName: plan.row.firstName ?? '',
    lastName: plan.row.lastName ?? '',
    createdAt: now,
    updatedAt: now,
  }));
  // A file without name columns must not blank the names of a user who appeared meanwhile.
  const names = batch.every((p) => p.row.firstName !== undefined)
    ? { firstName: sql`excluded.first_name` }
    : {};
  const lastNames = batch.every((p) => p.row.lastName !== undefined)
    ? { lastName: sql`excluded.last_name` }
    : {};
  await tx
    .insert(t.users)
    .values(values)
    .onConflictDoUpdate({
      target: t.users.email,
      set: {
        boomPassword: sql`excluded.boom_password`,
        ...names,
        ...lastNames,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

async function updateOne(tx: Db, t: Tables, plan: PlannedRow, now: Date): Promise<void> {
  const set: Partial<UserInsert> = { updatedAt: now };
  if (plan.changes.includes('email')) set.email = plan.row.email;
  if (plan.changes.includes('first name')) set.firstName = plan.row.firstName;
  if (plan.changes.includes('last name')) set.lastName = plan.row.lastName;
  if (plan.changes.includes('password')) set.boomPassword = hashOf(plan);
  await tx.update(t.users).set(set).where(eq(t.users.id, plan.userId!));
}

export async function applyPlan(
  database: Database,
  planned: readonly PlannedRow[],
  options: ApplyOptions = {},
): Promise<void> {
  const now = options.now ?? new Date();
  const created = planned.filter((p) => p.action === 'created');
  const updated = planned.filter((p) => p.action === 'updated');
  const total = created.length + updated.length;
  if (planned.length === 0) return;
  const { t } = database;
  const size = options.rowsPerInsert ?? ROWS_PER_INSERT;
  let done = 0;
  await database.transaction(async (tx) => {
    // From the start again if the transaction runs again (a conflict on PostgreSQL: client.ts).
    done = 0;
    for (let first = 0; first < created.length; first += size) {
      const batch = created.slice(first, first + size);
      try {
        await insertBatch(tx, t, batch, now);
      } catch (error) {
        throw refused(linesOf(batch), error);
      }
      options.onProgress?.((done += batch.length), total);
    }
    for (const plan of updated) {
      try {
        await updateOne(tx, t, plan, now);
      } catch (error) {
        throw refused(linesOf([plan]), error);
      }
      options.onProgress?.(++done, total);
    }
    // Everyone in the file bought the course: on the roster (COURSE_AUDIENCE=roster), unchanged rows too.
    try {
      await addEmailsToRoster(
        tx,
        t,
        planned.map((p) => p.row.email),
        'boomstream',
        now,
      );
    } catch (error) {
      throw refused('the course roster', error);
    }
  });
}
