/**
 * A GramJS client for our two uses (the login and the member listing), and the translation of
 * Telegram's error codes into what the operator should do. GramJS's own logging is switched
 * off: it would mix its lines into the CLI's output, and errors reach us as exceptions anyway.
 */
import { TelegramClient } from 'telegram';
import { Logger, LogLevel } from 'telegram/extensions/Logger.js';
import { StringSession } from 'telegram/sessions/index.js';
import { TelegramGroupError } from './errors.ts';
import type { ApiCredentials } from './settings.ts';

export interface ClientWithSession {
  client: TelegramClient;
  /** `.save()` gives the session string; never print it anywhere but the login's output. */
  session: StringSession;
}

/** Checked before anything else happens, so a pasted-wrong secret fails fast and alone. */
export function parseSessionString(sessionString: string): StringSession {
  try {
    return new StringSession(sessionString);
  } catch {
    throw new TelegramGroupError(
      'TELEGRAM_SESSION is not a GramJS session string: create one with "npm run cli -- telegram login"',
    );
  }
}

export function createTelegramClient(
  credentials: ApiCredentials,
  sessionString = '',
): ClientWithSession {
  const session = parseSessionString(sessionString);
  const client = new TelegramClient(session, credentials.apiId, credentials.apiHash, {
    connectionRetries: 3,
    // GramJS otherwise reconnects forever when something between us and Telegram drops the link.
    reconnectRetries: 5,
    baseLogger: new Logger(LogLevel.NONE),
    // Shown in Telegram → Settings → Devices, where the operator can end this session.
    deviceModel: 'course-site CLI',
    systemVersion: `Node.js ${process.version}`,
    appVersion: '1.0',
  });
  return { client, session };
}

/** GramJS can wait forever on a link that accepts and drops connections; we give up instead. */
export async function withTimeout<T>(work: Promise<T>, seconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new TelegramGroupError(`no answer from Telegram within ${seconds} s while ${what}`)),
      seconds * 1000,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** GramJS's connect() gives up by returning false, after which every request would wait forever. */
export async function connectOrFail(client: { connect(): Promise<unknown> }): Promise<void> {
  if ((await withTimeout(client.connect(), 60, 'connecting')) === false)
    throw new TelegramGroupError('cannot reach Telegram: every connection attempt failed');
}

const SESSION_DEAD = [
  'AUTH_KEY_UNREGISTERED',
  'SESSION_REVOKED',
  'SESSION_EXPIRED',
  'USER_DEACTIVATED',
  'USER_DEACTIVATED_BAN',
  'AUTH_KEY_DUPLICATED',
];

/** An error from GramJS → a TelegramGroupError saying what to do; others pass through. */
export function explainTelegramError(error: unknown, group: string): unknown {
  if (error instanceof TelegramGroupError) return error;
  const code = (error as { errorMessage?: unknown })?.errorMessage;
  const seconds = (error as { seconds?: unknown })?.seconds;
  if (typeof code !== 'string') {
    const message = error instanceof Error ? error.message : String(error);
    return /connect|timed? ?out|ECONN|ENOTFOUND|EHOSTUNREACH|reconnection/i.test(message)
      ? new TelegramGroupError(`cannot reach Telegram: ${message}`)
      : error;
  }
  if (typeof seconds === 'number' && /FLOOD/.test(code))
    return new TelegramGroupError(
      `Telegram asks to wait ${seconds} s before more requests (${code}); run the import again later`,
    );
  if (SESSION_DEAD.includes(code))
    return new TelegramGroupError(
      `TELEGRAM_SESSION is no longer signed in (${code}): run "npm run cli -- telegram login" again and replace it`,
    );
  if (code === 'API_ID_INVALID')
    return new TelegramGroupError(
      'TELEGRAM_API_ID / TELEGRAM_API_HASH are not a valid app (API_ID_INVALID): copy them again from https://my.telegram.org',
    );
  if (code === 'CHAT_ADMIN_REQUIRED')
    return new TelegramGroupError(
      `${group} hides its member list: the TELEGRAM_SESSION account must be an admin there (CHAT_ADMIN_REQUIRED)`,
    );
  if (
    [
      'CHANNEL_PRIVATE',
      'CHANNEL_INVALID',
      'CHAT_FORBIDDEN',
      'CHAT_ID_INVALID',
      'PEER_ID_INVALID',
    ].includes(code)
  )
    return new TelegramGroupError(
      `the TELEGRAM_SESSION account cannot see ${group} (${code}): join the group with it first`,
    );
  if (['USERNAME_NOT_OCCUPIED', 'USERNAME_INVALID'].includes(code))
    return new TelegramGroupError(`no Telegram group is called ${group} (${code})`);
  if (['INVITE_HASH_EXPIRED', 'INVITE_HASH_INVALID'].includes(code))
    return new TelegramGroupError(
      `the invite link ${group} is expired or wrong (${code}): use the group's @username or id`,
    );
  return new TelegramGroupError(`Telegram refused the request: ${code}`);
}
