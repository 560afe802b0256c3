/**
 * Accounts and the ways into them. One `users` row per person: every way in (Boomstream
 * password, Telegram, Google, Stepik) lands on it, and linking an identity that belongs to
 * another account changes nothing (no silent merge).
 */
import { and, eq, isNotNull, or } from 'drizzle-orm';
import { hashPassword } from '../crypto/password-hash.ts';
import type { Database } from '../db/client.ts';
import type { Tables } from '../db/tables.ts';
import { ru } from '../i18n/ru.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { MAX_INT32 } from '../input/integers.ts';
import { areCleanTexts } from '../input/text.ts';

export type UserRow = Tables['users']['$inferSelect'];

/** Emails compare case-insensitively everywhere: they are stored and looked up lower-cased. */
export function normalizeEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

// No whitespace and no control character anywhere (PostgreSQL refuses a NUL in text).
const EMAIL_PATTERN =
  /^[^\s@\u0000-\u001f\u007f-\u009f]+@[^\s@\u0000-\u001f\u007f-\u009f]+\.[^\s@\u0000-\u001f\u007f-\u009f]+$/;
export function isPlausibleEmail(email: string): boolean {
  return email.length <= 254 && EMAIL_PATTERN.test(email);
}

export type IdentityKind = 'telegram' | 'google' | 'stepik';

export interface PublicUser {
  id: number;
  email: string | null;
  firstName: string;
  lastName: string;
  telegramId: number | null;
  stepikUserId: number | null;
  linked: { password: boolean; telegram: boolean; google: boolean; stepik: boolean };
}

export function toPublicUser(user: UserRow): PublicUser {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    telegramId: user.telegramId,
    stepikUserId: user.stepikUserId,
    linked: {
      password: Boolean(user.email && user.boomPassword),
      telegram: user.telegramId !== null,
      google: user.googleSub !== null,
      stepik: user.stepikUserId !== null,
    },
  };
}

export async function findUserByEmail(
  database: Database,
  email: string,
): Promise<UserRow | undefined> {
  return database.db.query.users.findFirst({
    where: eq(database.t.users.email, normalizeEmail(email)),
  });
}

export async function findUserById(database: Database, id: number): Promise<UserRow | undefined> {
  // users.id is a 32-bit integer on PostgreSQL: a larger id is no user, not a failed query.
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_INT32) return undefined;
  const [user] = await database.db
    .select()
    .from(database.t.users)
    .where(eq(database.t.users.id, id));
  return user;
}

export interface Identity {
  kind: IdentityKind;
  /** telegram_id, google_sub or stepik_user_id */
  value: number | string;
  firstName?: string;
  lastName?: string;
  /** Google's email, trusted only when the provider verified it. */
  verifiedEmail?: string;
}

function identityColumn(t: Tables, kind: IdentityKind) {
  return kind === 'telegram'
    ? t.users.telegramId
    : kind === 'google'
      ? t.users.googleSub
      : t.users.stepikUserId;
}

function identityPatch(kind: IdentityKind, value: number | string | null): Partial<UserRow> {
  if (kind === 'telegram') return { telegramId: value as number | null };
  if (kind === 'google') return { googleSub: value as string | null };
  // A new link starts afresh: only a sync that begins after it may say "not in the course".
  return {
    stepikUserId: value as number | null,
    stepikLinkedAt: value === null ? null : new Date(),
    stepikSeenAt: null,
    stepikMissingSince: null,
  };
}

export async function findUserByIdentity(
  database: Database,
  kind: IdentityKind,
  value: number | string,
): Promise<UserRow | undefined> {
  const [user] = await database.db
    .select()
    .from(database.t.users)
    .where(eq(identityColumn(database.t, kind), value as never));
  return user;
}

export type LinkResult =
  | { ok: true; user: UserRow; created: boolean }
  | { ok: false; error: 'identity_taken' | 'already_linked'; message: string }
  | { ok: false; error: 'malformed_profile'; message: string; status: 400 };

/** A provider's profile with a control character in it: refused before any query. */
export const MALFORMED_PROFILE = {
  ok: false,
  error: 'malformed_profile',
  message: ru.auth.malformedProfile,
  status: 400,
} as const;

export function isCleanIdentity(identity: Identity): boolean {
  return areCleanTexts(
    identity.firstName,
    identity.lastName,
    identity.verifiedEmail,
    typeof identity.value === 'string' ? identity.value : undefined,
  );
}

/**
 * Signs in with an identity (finding or creating the account), or — when `currentUserId` is
 * given — links the identity to that account.
 */
export async function signInOrLink(
  database: Database,
  identity: Identity,
  currentUserId?: number,
): Promise<LinkResult> {
  const { db, t } = database;
  if (!isCleanIdentity(identity)) return MALFORMED_PROFILE;
  const owner = await findUserByIdentity(database, identity.kind, identity.value);
  const messages = ru.auth.link;
  if (currentUserId !== undefined) {
    if (owner && owner.id !== currentUserId)
      return { ok: false, error: 'identity_taken', message: messages.taken[identity.kind] };
    const current = await findUserById(database, currentUserId);
    if (!current) throw new Error(`user ${currentUserId} vanished while linking`);
    if (owner) return { ok: true, user: current, created: false };
    if (identityPatchValue(current, identity.kind) !== null)
      return { ok: false, error: 'already_linked', message: messages.already[identity.kind] };
    try {
      const [user] = await db
        .update(t.users)
        .set({
          ...identityPatch(identity.kind, identity.value),
          ...fillNames(current, identity),
          updatedAt: new Date(),
        })
        .where(eq(t.users.id, currentUserId))
        .returning();
      return { ok: true, user: user!, created: false };
    } catch (error) {
      // Linked to someone else a moment ago, between our check and this update.
      if (isUniqueViolation(error))
        return { ok: false, error: 'identity_taken', message: messages.taken[identity.kind] };
      throw error;
    }
  }
  if (owner) return { ok: true, user: owner, created: false };
  // A provider-verified email that matches an account proves it is the same person.
  let emailIsFree = Boolean(identity.verifiedEmail);
  if (identity.verifiedEmail) {
    const byEmail = await findUserByEmail(database, identity.verifiedEmail);
    if (byEmail && identityPatchValue(byEmail, identity.kind) === null)
      return signInOrLink(database, identity, byEmail.id);
    // That account already has another identity of this kind: a new account, without the email.
    emailIsFree = !byEmail;
  }
  try {
    const [user] = await db
      .insert(t.users)
      .values({
        ...identityPatch(identity.kind, identity.value),
        email: emailIsFree ? normalizeEmail(identity.verifiedEmail!) : null,
        firstName: identity.firstName ?? '',
        lastName: identity.lastName ?? '',
      })
      .returning();
    return { ok: true, user: user!, created: true };
  } catch (error) {
    // Two first sign-ins with the same identity at once: the other one created the account.
    if (!isUniqueViolation(error)) throw error;
    const winner = await findUserByIdentity(database, identity.kind, identity.value);
    if (winner) return { ok: true, user: winner, created: false };
    throw error;
  }
}

function identityPatchValue(user: UserRow, kind: IdentityKind): unknown {
  return kind === 'telegram'
    ? user.telegramId
    : kind === 'google'
      ? user.googleSub
      : user.stepikUserId;
}

function fillNames(current: UserRow, identity: Identity): Partial<UserRow> {
  return {
    ...(current.firstName ? {} : identity.firstName ? { firstName: identity.firstName } : {}),
    ...(current.lastName ? {} : identity.lastName ? { lastName: identity.lastName } : {}),
  };
}

export function waysIn(user: UserRow): number {
  const linked = toPublicUser(user).linked;
  return (
    Number(linked.password) +
    Number(linked.telegram) +
    Number(linked.google) +
    Number(linked.stepik)
  );
}

export type UnlinkResult =
  { ok: true; user: UserRow } | { ok: false; error: 'last_way_in' | 'not_linked'; message: string };

/** Removes a linked identity unless it is the last way into the account. */
export async function unlinkIdentity(
  database: Database,
  userId: number,
  kind: IdentityKind,
): Promise<UnlinkResult> {
  const { db, t } = database;
  const user = await findUserById(database, userId);
  if (!user) throw new Error(`user ${userId} not found`);
  if (identityPatchValue(user, kind) === null)
    return { ok: false, error: 'not_linked', message: ru.auth.link.notLinked };
  if (waysIn(user) <= 1)
    return { ok: false, error: 'last_way_in', message: ru.auth.link.lastWayIn };
  // Only while another way in is still there, checked by the same statement: two unlinks at
  // once cannot both pass and leave the account with none.
  const others = [
    and(isNotNull(t.users.email), isNotNull(t.users.boomPassword)),
    ...(['telegram', 'google', 'stepik'] as const)
      .filter((k) => k !== kind)
      .map((k) => isNotNull(identityColumn(t, k))),
  ];
  const [updated] = await db
    .update(t.users)
    .set({ ...identityPatch(kind, null), updatedAt: new Date() })
    .where(and(eq(t.users.id, userId), or(...others)))
    .returning();
  if (!updated) return { ok: false, error: 'last_way_in', message: ru.auth.link.lastWayIn };
  if (kind === 'telegram')
    await db
      .update(t.telegramUsers)
      .set({ userId: null })
      .where(eq(t.telegramUsers.userId, userId));
  return { ok: true, user: updated };
}

/** A Boomstream student: email + the 9-digit password (stored only as a slow hash). */
export async function createPasswordUser(
  database: Database,
  input: { email: string; password: string; firstName?: string; lastName?: string },
): Promise<UserRow> {
  const [user] = await database.db
    .insert(database.t.users)
    .values({
      email: normalizeEmail(input.email),
      boomPassword: await hashPassword(input.password),
      firstName: input.firstName ?? '',
      lastName: input.lastName ?? '',
    })
    .returning();
  return user!;
}
