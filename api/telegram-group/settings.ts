/**
 * What the Telegram API import needs from the configuration, with one message that names every
 * missing variable at once (operators fix the environment in one go, not one restart each).
 */
import type { Config } from '../config.ts';
import { TelegramGroupError } from './errors.ts';

export interface ApiCredentials {
  apiId: number;
  apiHash: string;
}

export interface GroupImportSettings extends ApiCredentials {
  session: string;
  group: string;
}

const API_HINT =
  'TELEGRAM_API_ID and TELEGRAM_API_HASH (an app from https://my.telegram.org → API development tools)';

export function requireApiCredentials(telegram: Config['telegram']): ApiCredentials {
  if (!telegram.mtproto) throw new TelegramGroupError(`${API_HINT} are not set`);
  return { apiId: telegram.mtproto.apiId, apiHash: telegram.mtproto.apiHash };
}

/** `group`: the --group option, which wins over TELEGRAM_GROUP. */
export function requireGroupImportSettings(
  telegram: Config['telegram'],
  group?: string,
): GroupImportSettings {
  const missing: string[] = [];
  const login = '"npm run cli -- telegram login"';
  // Without the API credentials the config drops the session too, and a session only works with its own app.
  if (!telegram.mtproto)
    missing.push(`${API_HINT} and a TELEGRAM_SESSION made with them (${login})`);
  else if (!telegram.mtproto.session) missing.push(`TELEGRAM_SESSION (create it with ${login})`);
  const target = group?.trim() || telegram.group;
  if (!target) missing.push('TELEGRAM_GROUP (or --group @name)');
  if (missing.length > 0 || !telegram.mtproto?.session || !target) {
    throw new TelegramGroupError(
      `the Telegram API import needs ${missing.join(', ')}; or give a members file: import telegram-group <file.json|file.csv>`,
    );
  }
  return {
    apiId: telegram.mtproto.apiId,
    apiHash: telegram.mtproto.apiHash,
    session: telegram.mtproto.session,
    group: target,
  };
}
