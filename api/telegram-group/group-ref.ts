/**
 * The group as an operator writes it (TELEGRAM_GROUP or --group): `@course_chat`,
 * `course_chat`, `https://t.me/course_chat`, an invite link `https://t.me/+AbCd…`, or the chat's
 * numeric id as bots and tools print it (`-1001234567890`).
 */
import { TelegramGroupError } from './errors.ts';

export type GroupRef =
  | { kind: 'username'; username: string }
  | { kind: 'invite'; hash: string }
  | { kind: 'id'; id: string };

const USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;

export function parseGroupRef(value: string): GroupRef {
  const text = value.trim();
  if (/^-?\d+$/.test(text)) return { kind: 'id', id: text };
  const tg = /^tg:\/\/(resolve\?domain=|join\?invite=)([^&]+)/i.exec(text);
  if (tg)
    return tg[1]!.toLowerCase().startsWith('join')
      ? { kind: 'invite', hash: tg[2]! }
      : checkUsername(tg[2]!, value);
  const link = /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/(.+)$/i.exec(text);
  if (link) {
    const [first, second] = link[1]!.split(/[/?#]/);
    if (first?.startsWith('+')) return { kind: 'invite', hash: first.slice(1) };
    if (first === 'joinchat' && second) return { kind: 'invite', hash: second };
    // t.me/s/name is the public preview of the same chat.
    return checkUsername(first === 's' && second ? second : (first ?? ''), value);
  }
  return checkUsername(text.replace(/^@/, ''), value);
}

function checkUsername(username: string, original: string): GroupRef {
  if (USERNAME.test(username)) return { kind: 'username', username };
  throw new TelegramGroupError(
    `cannot read the group "${original}": give its @username, a t.me link (public or invite) or its numeric id such as -1001234567890`,
  );
}

/** Does a dialog's id (GramJS: marked, e.g. -1001234567890) or its chat's bare id match? */
export function sameChatId(ref: string, markedId: unknown, bareId: unknown): boolean {
  const wanted = ref.replace(/^-(100)?/, '');
  return String(markedId) === ref || String(bareId) === ref || String(bareId) === wanted;
}
