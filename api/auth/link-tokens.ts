/**
 * One-time link tokens: a short-lived, single-use secret that stands for "this signed-in
 * student" where no session can travel — from the Mini App to the external browser (link
 * Stepik), from the site to the bot (`/start <token>`, link Telegram). Only the SHA-256 is
 * stored; a token is spent by one conditional UPDATE, so two uses at once cannot both succeed.
 * The alphabet (base32 lower case, 32 characters) fits Telegram's start payload.
 */
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { generateToken, sha256Hex } from './tokens.ts';

export type LinkPurpose = 'stepik_link' | 'telegram_link';

export const LINK_TOKEN_TTL_IN_SECONDS = 600;
const KEEP_SPENT_FOR_IN_MS = 24 * 3600 * 1000;
const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

export interface IssuedLinkToken {
  token: string;
  expiresAt: Date;
}

export async function createLinkToken(
  database: Database,
  userId: number,
  purpose: LinkPurpose,
  now: Date = new Date(),
): Promise<IssuedLinkToken> {
  const { db, t } = database;
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + LINK_TOKEN_TTL_IN_SECONDS * 1000);
  // Old rows are worth nothing after a day; clearing them here keeps the table small without a job.
  await db
    .delete(t.linkTokens)
    .where(lt(t.linkTokens.expiresAt, new Date(now.getTime() - KEEP_SPENT_FOR_IN_MS)));
  await db
    .insert(t.linkTokens)
    .values({ id: sha256Hex(token), purpose, userId, expiresAt, createdAt: now });
  return { token, expiresAt };
}

export type LinkTokenProblem = 'unknown' | 'expired' | 'used';
export type LinkTokenResult =
  { ok: true; userId: number } | { ok: false; problem: LinkTokenProblem };

export function isLinkTokenShape(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

/** What the token stands for, without spending it (the first step of a flow that spends it later). */
export async function checkLinkToken(
  database: Database,
  token: string,
  purpose: LinkPurpose,
  now: Date = new Date(),
): Promise<LinkTokenResult> {
  if (!isLinkTokenShape(token)) return { ok: false, problem: 'unknown' };
  const { db, t } = database;
  const [row] = await db
    .select()
    .from(t.linkTokens)
    .where(and(eq(t.linkTokens.id, sha256Hex(token)), eq(t.linkTokens.purpose, purpose)));
  if (!row) return { ok: false, problem: 'unknown' };
  if (row.usedAt) return { ok: false, problem: 'used' };
  if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, problem: 'expired' };
  return { ok: true, userId: row.userId };
}

/** Spends the token: exactly one caller gets its user; everyone after learns why not. */
export async function consumeLinkToken(
  database: Database,
  token: string,
  purpose: LinkPurpose,
  now: Date = new Date(),
): Promise<LinkTokenResult> {
  if (!isLinkTokenShape(token)) return { ok: false, problem: 'unknown' };
  const { db, t } = database;
  const id = sha256Hex(token);
  const [spent] = await db
    .update(t.linkTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(t.linkTokens.id, id),
        eq(t.linkTokens.purpose, purpose),
        isNull(t.linkTokens.usedAt),
        gt(t.linkTokens.expiresAt, now),
      ),
    )
    .returning({ userId: t.linkTokens.userId });
  if (spent) return { ok: true, userId: spent.userId };
  const seen = await checkLinkToken(database, token, purpose, now);
  return seen.ok ? { ok: false, problem: 'used' } : seen;
}
