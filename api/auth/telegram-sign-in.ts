/**
 * The two Telegram ways in: the Mini App's initData (also accepted on every API call as
 * `Authorization: tma …`) and the Login Widget's redirect. Both end on the account with that
 * telegram_id, and both record the Telegram profile in `telegram_users`.
 */
import { eq } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { HTTP } from '../http.ts';
import { ru } from '../i18n/ru.ts';
import { verifyInitData, verifyLoginWidget } from '../telegram/index.ts';
import { signInWithPassword, type PasswordSignIn } from './password-sign-in.ts';
import { areCleanTexts } from '../input/text.ts';
import {
  findUserByIdentity,
  MALFORMED_PROFILE,
  signInOrLink,
  type LinkResult,
  type UserRow,
} from './users.ts';

export interface TelegramProfile {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  photo_url?: string;
}

export async function recordTelegramProfile(
  database: Database,
  profile: TelegramProfile,
  userId: number | null,
): Promise<void> {
  const { db, t } = database;
  const values = {
    firstName: profile.first_name ?? '',
    lastName: profile.last_name ?? null,
    username: profile.username ?? null,
    languageCode: profile.language_code ?? null,
    photoUrl: profile.photo_url ?? null,
    updatedAt: new Date(),
    ...(userId !== null ? { userId } : {}),
  };
  await db
    .insert(t.telegramUsers)
    .values({ telegramId: profile.id, ...values })
    .onConflictDoUpdate({ target: t.telegramUsers.telegramId, set: values });
}

export type TelegramSignIn =
  | LinkResult
  | {
      ok: false;
      status: number;
      error: 'telegram_not_configured' | 'telegram_invalid' | 'telegram_stale';
      message: string;
    };

/** The reason stays in `error`; the student sees a sentence, never the technical detail. */
function failure(reason: string): TelegramSignIn {
  const stale = reason === 'stale' || reason === 'future';
  return {
    ok: false,
    status: HTTP.unauthorized,
    error: stale ? 'telegram_stale' : 'telegram_invalid',
    message: stale ? ru.auth.telegram.stale : ru.auth.telegram.bad,
  };
}

async function finish(
  database: Database,
  profile: TelegramProfile,
  currentUserId?: number,
): Promise<TelegramSignIn> {
  // Before anything is written: the profile goes into users and telegram_users as it is.
  if (
    !areCleanTexts(
      profile.first_name,
      profile.last_name,
      profile.username,
      profile.language_code,
      profile.photo_url,
    )
  )
    return MALFORMED_PROFILE;
  const result = await signInOrLink(
    database,
    {
      kind: 'telegram',
      value: profile.id,
      firstName: profile.first_name,
      lastName: profile.last_name,
    },
    currentUserId,
  );
  await recordTelegramProfile(database, profile, result.ok ? result.user.id : null);
  return result;
}

const notConfigured: TelegramSignIn = {
  ok: false,
  status: HTTP.unauthorized,
  error: 'telegram_not_configured',
  message: ru.auth.telegram.notConfigured,
};

/** Mini App: verify initData, then sign in (creating the account) or link. */
export async function signInWithInitData(
  database: Database,
  config: Config,
  raw: string,
  currentUserId?: number,
  nowInSeconds?: number,
): Promise<TelegramSignIn> {
  if (!config.telegram.botToken) return notConfigured;
  const checked = verifyInitData(raw, config.telegram.botToken, {
    maxAgeInSeconds: config.telegram.initDataMaxAgeInSeconds,
    nowInSeconds,
  });
  if (!checked.ok) return failure(checked.reason);
  if (!checked.data.user) return failure('malformed');
  return finish(database, checked.data.user, currentUserId);
}

/** Login Widget redirect: verify the query, then sign in (creating the account) or link. */
export async function signInWithLoginWidget(
  database: Database,
  config: Config,
  query: URLSearchParams,
  currentUserId?: number,
  nowInSeconds?: number,
): Promise<TelegramSignIn> {
  if (!config.telegram.botToken) return notConfigured;
  const checked = verifyLoginWidget(query, config.telegram.botToken, {
    maxAgeInSeconds: config.telegram.loginMaxAgeInSeconds,
    nowInSeconds,
  });
  if (!checked.ok) return failure(checked.reason);
  return finish(database, checked.data.user, currentUserId);
}

/**
 * `Authorization: tma <initData>` on an ordinary API call: the account with that telegram_id,
 * or null. It never creates an account; POST /api/auth/telegram-webapp does that.
 */
export async function userFromInitData(
  database: Database,
  config: Config,
  raw: string,
): Promise<UserRow | null> {
  if (!config.telegram.botToken) return null;
  const checked = verifyInitData(raw, config.telegram.botToken, {
    maxAgeInSeconds: config.telegram.initDataMaxAgeInSeconds,
  });
  if (!checked.ok || !checked.data.user) return null;
  return (await findUserByIdentity(database, 'telegram', checked.data.user.id)) ?? null;
}

export async function findTelegramProfile(database: Database, telegramId: number) {
  const [row] = await database.db
    .select()
    .from(database.t.telegramUsers)
    .where(eq(database.t.telegramUsers.telegramId, telegramId));
  return row;
}

/**
 * Mini App, "I already have an account": the initData proves the Telegram account, the email +
 * Boomstream password (throttled like any sign-in) prove the site account; they are linked.
 * An account the Mini App created a moment earlier with nothing else in it (no email, no
 * other way in, no progress) gives its Telegram up; any other owner is a conflict.
 */
export async function linkInitDataToPasswordAccount(
  database: Database,
  config: Config,
  raw: string,
  credentials: unknown,
  address: string,
): Promise<TelegramSignIn | PasswordSignIn> {
  if (!config.telegram.botToken) return notConfigured;
  const checked = verifyInitData(raw, config.telegram.botToken, {
    maxAgeInSeconds: config.telegram.initDataMaxAgeInSeconds,
  });
  if (!checked.ok) return failure(checked.reason);
  if (!checked.data.user) return failure('malformed');
  const signedIn = await signInWithPassword(database, credentials, address);
  if (!signedIn.ok) return signedIn;
  if (signedIn.user.telegramId !== null && signedIn.user.telegramId !== checked.data.user.id) {
    return { ok: false, error: 'already_linked', message: ru.auth.link.already.telegram };
  }
  const owner = await findUserByIdentity(database, 'telegram', checked.data.user.id);
  if (owner && owner.id !== signedIn.user.id && (await isBareTelegramShell(database, owner))) {
    await database.db.delete(database.t.users).where(eq(database.t.users.id, owner.id));
  }
  return finish(database, checked.data.user, signedIn.user.id);
}

async function isBareTelegramShell(database: Database, user: UserRow): Promise<boolean> {
  if (user.email || user.googleSub || user.stepikUserId !== null || user.boomPassword) return false;
  const { db, t } = database;
  const [progress] = await db
    .select({ userId: t.lessonProgress.userId })
    .from(t.lessonProgress)
    .where(eq(t.lessonProgress.userId, user.id))
    .limit(1);
  const [override] = await db
    .select({ userId: t.accessOverrides.userId })
    .from(t.accessOverrides)
    .where(eq(t.accessOverrides.userId, user.id))
    .limit(1);
  return !progress && !override;
}
