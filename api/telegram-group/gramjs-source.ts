/**
 * The group's members through the MTProto API (GramJS), as the account in TELEGRAM_SESSION
 * sees them: supergroups page by page (channels.getParticipants), basic groups in one
 * request (messages.getFullChat). Telegram lists at most about 10,000 members of a
 * supergroup this way; bigger groups need a file export.
 */
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import { TelegramGroupError } from './errors.ts';
import type { GroupMember, MemberSource } from './group-member.ts';
import { parseGroupRef, sameChatId, type GroupRef } from './group-ref.ts';
import { gramUserToMember, type GramUserLike } from './gramjs-member.ts';
import {
  connectOrFail,
  createTelegramClient,
  explainTelegramError,
  parseSessionString,
  withTimeout,
} from './telegram-client.ts';
import type { GroupImportSettings } from './settings.ts';

/** The part of TelegramClient this source uses, so tests can stand in for Telegram. */
export interface GramClient {
  connect(): Promise<unknown>;
  checkAuthorization(): Promise<boolean>;
  getEntity(username: string): Promise<unknown>;
  invoke(request: Api.AnyRequest): Promise<unknown>;
  iterDialogs(params: { limit?: number }): AsyncIterable<{ id?: unknown; entity?: unknown }>;
  destroy(): Promise<unknown>;
}

/** Telegram's own cap for one channels.getParticipants page. */
export const MAX_PAGE_SIZE = 200;
const CONNECT_SECONDS = 60;
/** Above GramJS's own flood-wait sleep (up to 60 s), which happens inside one request. */
const REQUEST_SECONDS = 150;

interface ChatLike {
  className?: string;
  id?: unknown;
}

async function resolveGroup(client: GramClient, ref: GroupRef, group: string): Promise<ChatLike> {
  let chat: ChatLike | undefined;
  if (ref.kind === 'username') chat = (await client.getEntity(ref.username)) as ChatLike;
  else if (ref.kind === 'invite') {
    const invite = (await client.invoke(new Api.messages.CheckChatInvite({ hash: ref.hash }))) as {
      className?: string;
      chat?: ChatLike;
    };
    if (!invite.chat)
      throw new TelegramGroupError(
        `the TELEGRAM_SESSION account is not a member of ${group}: join it with the invite link first`,
      );
    chat = invite.chat;
  } else {
    // A fresh session knows no chats, and ids alone cannot be resolved: look among the account's dialogs.
    for await (const dialog of client.iterDialogs({})) {
      const entity = dialog.entity as ChatLike | undefined;
      // Users and chats have separate id spaces: a bare id must not pick a private chat.
      if (entity && entity.className !== 'User' && sameChatId(ref.id, dialog.id, entity.id)) {
        chat = entity;
        break;
      }
    }
    if (!chat)
      throw new TelegramGroupError(
        `no chat with id ${ref.id} among the TELEGRAM_SESSION account's chats: is it a member?`,
      );
  }
  if (chat.className === 'Channel' || chat.className === 'Chat') return chat;
  if (chat.className === 'ChannelForbidden' || chat.className === 'ChatForbidden')
    throw new TelegramGroupError(
      `the TELEGRAM_SESSION account was removed from ${group} or cannot see it`,
    );
  throw new TelegramGroupError(
    `${group} is not a group (it is a ${chat.className === 'User' ? 'user' : (chat.className ?? 'unknown thing')})`,
  );
}

interface ParticipantsPage {
  className?: string;
  count?: number;
  participants?: { userId?: unknown }[];
  users?: GramUserLike[];
}

/** Joins a page's participants to its users: `users` also holds inviters and admins who promoted someone. */
function usersOf(
  participants: readonly { userId?: unknown }[],
  users: readonly GramUserLike[],
): GramUserLike[] {
  const byId = new Map(users.map((u) => [String(u.id), u]));
  return participants.flatMap((p) =>
    p.userId === undefined ? [] : (byId.get(String(p.userId)) ?? []),
  );
}

async function* channelMembers(
  client: GramClient,
  channel: ChatLike,
  pageSize: number,
  short: (listed: number, count: number) => void,
): AsyncGenerator<GramUserLike> {
  let count = 0;
  let offset = 0;
  for (;;) {
    const request = new Api.channels.GetParticipants({
      channel: channel as Api.TypeInputChannel,
      filter: new Api.ChannelParticipantsRecent(),
      offset,
      limit: pageSize,
      hash: returnBigInt(0),
    });
    const page = (await withTimeout(
      client.invoke(request),
      REQUEST_SECONDS,
      `reading members from ${offset}`,
    )) as ParticipantsPage;
    const participants = page.participants ?? [];
    count = Math.max(count, page.count ?? 0);
    if (page.className === 'channels.ChannelParticipantsNotModified' || participants.length === 0)
      break;
    yield* usersOf(participants, page.users ?? []);
    offset += participants.length;
    if (offset >= count) break;
  }
  // Telegram stops listing big supergroups (about 10,000) with no error: say so, or the gap goes unseen.
  if (offset < count) short(offset, count);
}

async function* chatMembers(
  client: GramClient,
  chat: ChatLike,
  group: string,
): AsyncGenerator<GramUserLike> {
  const request = new Api.messages.GetFullChat({ chatId: returnBigInt(String(chat.id)) });
  const full = (await withTimeout(
    client.invoke(request),
    REQUEST_SECONDS,
    'reading the members',
  )) as {
    fullChat?: { participants?: { className?: string; participants?: { userId?: unknown }[] } };
    users?: GramUserLike[];
  };
  const list = full.fullChat?.participants;
  if (!list?.participants)
    throw new TelegramGroupError(`the TELEGRAM_SESSION account cannot see the members of ${group}`);
  yield* usersOf(list.participants, full.users ?? []);
}

export interface GramJsSourceOptions {
  /** Members per request, 1–200 (default 200). */
  pageSize?: number;
  /** Stands in for `createTelegramClient` (tests). */
  client?: () => GramClient;
  /** Told when Telegram listed fewer members than the group has. */
  onWarning?: (message: string) => void;
}

export function gramJsMemberSource(
  settings: Omit<GroupImportSettings, 'group'>,
  options: GramJsSourceOptions = {},
): MemberSource {
  const pageSize = Math.min(
    Math.max(Math.trunc(options.pageSize ?? MAX_PAGE_SIZE), 1),
    MAX_PAGE_SIZE,
  );
  if (!options.client) parseSessionString(settings.session);
  const makeClient =
    options.client ?? ((): GramClient => createTelegramClient(settings, settings.session).client);
  return {
    async *listMembers(group: string): AsyncIterable<GroupMember> {
      const ref = parseGroupRef(group);
      const client = makeClient();
      try {
        await connectOrFail(client);
        if (
          !(await withTimeout(
            client.checkAuthorization(),
            CONNECT_SECONDS,
            'checking TELEGRAM_SESSION',
          ))
        )
          throw new TelegramGroupError(
            'TELEGRAM_SESSION is not signed in (expired or ended in Telegram → Settings → Devices): run "npm run cli -- telegram login" again',
          );
        const chat = await withTimeout(
          resolveGroup(client, ref, group),
          REQUEST_SECONDS,
          `finding ${group}`,
        );
        const short = (listed: number, count: number): void =>
          options.onWarning?.(
            `Telegram listed only ${listed} of the ${count} members of ${group}; import the rest from a member file exported by an admin tool`,
          );
        const users =
          chat.className === 'Channel'
            ? channelMembers(client, chat, pageSize, short)
            : chatMembers(client, chat, group);
        const seen = new Set<string>();
        for await (const user of users) {
          // A member who joins while we page shifts the list by one: the same user may come twice.
          if (seen.has(String(user.id))) continue;
          seen.add(String(user.id));
          yield gramUserToMember(user);
        }
      } catch (error) {
        throw explainTelegramError(error, group);
      } finally {
        await withTimeout(client.destroy(), 10, 'disconnecting').catch(() => undefined);
      }
    },
  };
}
