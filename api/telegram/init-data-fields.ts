/** What a verified Mini App initData carries, read the same way after either signature check. */
import { checkFreshness, readAuthDate, type FreshnessOptions } from './freshness.ts';
import { hasField } from './fields.ts';
import { parseInitUser, type TelegramInitUser } from './init-user.ts';
import type { CheckFailure } from './result.ts';

export interface InitData {
  /** Unix seconds when Telegram issued the data. */
  authDate: number;
  user?: TelegramInitUser;
  startParam?: string;
  queryId?: string;
  chatType?: string;
  chatInstance?: string;
  /** Every received field, decoded, as signed (including `hash`, `signature` and JSON strings such as `chat`, `receiver`). */
  fields: Record<string, string>;
}

/**
 * Runs only after the signature matched: the structure is checked next, then the time, so a
 * forged payload is always reported as forged and never as merely "stale" or "malformed".
 */
export function readInitData(fields: Record<string, string>, options: FreshnessOptions): InitData | CheckFailure<'malformed' | 'stale' | 'future'> {
  const authDate = readAuthDate(fields);
  if (typeof authDate !== 'number') return authDate;
  const data: InitData = { authDate, fields };
  if (hasField(fields, 'user')) {
    const user = parseInitUser(fields.user ?? '');
    if (!user.ok) return user;
    data.user = user.data;
  }
  const optional = { startParam: 'start_param', queryId: 'query_id', chatType: 'chat_type', chatInstance: 'chat_instance' } as const;
  for (const [property, field] of Object.entries(optional) as Array<[keyof typeof optional, string]>) {
    if (hasField(fields, field)) data[property] = fields[field];
  }
  return checkFreshness(authDate, options) ?? data;
}
