/**
 * Stand-ins for what GramJS hands us, built without a network: users shaped like Api.User (a
 * BigInteger-like id with toString/toJSNumber, camelCase fields) and a client that answers
 * channels.getParticipants / messages.getFullChat / messages.checkChatInvite from a list.
 */
import type { Api } from 'telegram';
import type { GramClient } from '#api/telegram-group/gramjs-source.ts';
import type { GramUserLike } from '#api/telegram-group/gramjs-member.ts';

export interface BigIntegerLike {
  toString(): string;
  toJSNumber(): number;
}

/** GramJS ids are `big-integer` objects: equal ids are different objects. */
export function bigInteger(value: string | number): BigIntegerLike {
  const text = String(value);
  return { toString: () => text, toJSNumber: () => Number(text) };
}

export function gramUser(id: string | number, fields: Omit<GramUserLike, 'id'> = {}): GramUserLike {
  return { className: 'User', id: bigInteger(id), ...fields };
}

export interface FakeGroup {
  /** 'Channel' (supergroup) or 'Chat' (basic group); other classNames test refusals. */
  className: string;
  id: string;
  username?: string;
  inviteHash?: string;
  members: GramUserLike[];
  /** Extra users Telegram puts in a page (inviters, promoters) that are not members. */
  extraUsers?: GramUserLike[];
  /** An RPC error code to throw on the members request, e.g. CHAT_ADMIN_REQUIRED. */
  refuse?: string;
  /** Telegram's member count when it is more than it lists (big supergroups). */
  count?: number;
}

export interface FakeClientLog {
  calls: string[];
  pages: { offset: number; limit: number }[];
  destroyed: number;
}

export function rpcError(code: string, seconds?: number): Error {
  return Object.assign(new Error(`RPCError: ${code}`), {
    errorMessage: code,
    ...(seconds === undefined ? {} : { seconds }),
  });
}

export function fakeGramClient(
  group: FakeGroup,
  options: {
    authorized?: boolean;
    connects?: boolean;
    dialogs?: { id: string; entity: unknown }[];
  } = {},
): { client: GramClient; log: FakeClientLog } {
  const log: FakeClientLog = { calls: [], pages: [], destroyed: 0 };
  const entity = {
    className: group.className,
    id: bigInteger(
      group.className === 'Channel' ? group.id.replace(/^-100/, '') : group.id.replace(/^-/, ''),
    ),
    username: group.username,
  };
  const client: GramClient = {
    async connect() {
      log.calls.push('connect');
      return options.connects ?? true;
    },
    async checkAuthorization() {
      log.calls.push('checkAuthorization');
      return options.authorized ?? true;
    },
    async getEntity(username: string) {
      log.calls.push(`getEntity ${username}`);
      if (username.toLowerCase() !== group.username?.toLowerCase())
        throw rpcError('USERNAME_NOT_OCCUPIED');
      return entity;
    },
    async invoke(request: Api.AnyRequest) {
      const r = request as unknown as {
        className: string;
        offset?: number;
        limit?: number;
        hash?: string;
        channel?: unknown;
        chatId?: unknown;
      };
      log.calls.push(r.className);
      if (r.className === 'messages.CheckChatInvite') {
        if (r.hash !== group.inviteHash) throw rpcError('INVITE_HASH_INVALID');
        return { className: 'ChatInviteAlready', chat: entity };
      }
      if (group.refuse)
        throw rpcError(group.refuse, group.refuse === 'FLOOD_WAIT' ? 420 : undefined);
      const participant = (u: GramUserLike) => ({
        className: 'ChannelParticipant',
        userId: u.id,
        inviterId: group.extraUsers?.[0]?.id,
      });
      if (r.className === 'channels.GetParticipants') {
        if (r.channel !== entity) throw new Error('asked about another channel');
        log.pages.push({ offset: r.offset!, limit: r.limit! });
        const page = group.members.slice(r.offset!, r.offset! + r.limit!);
        return {
          className: 'channels.ChannelParticipants',
          count: group.count ?? group.members.length,
          participants: page.map(participant),
          users: [...(group.extraUsers ?? []), ...page].reverse(),
        };
      }
      if (r.className === 'messages.GetFullChat') {
        if (String(r.chatId) !== entity.id.toString()) throw new Error('asked about another chat');
        return {
          fullChat: {
            participants: {
              className: 'ChatParticipants',
              participants: group.members.map(participant),
            },
          },
          users: [...(group.extraUsers ?? []), ...group.members],
        };
      }
      throw new Error(`unexpected request ${r.className}`);
    },
    async *iterDialogs() {
      log.calls.push('iterDialogs');
      yield* (
        options.dialogs ?? [
          { id: bigInteger('777000'), entity: { className: 'User', id: bigInteger('777000') } },
          { id: bigInteger(group.id), entity },
        ]
      );
    },
    async destroy() {
      log.destroyed += 1;
    },
  };
  return { client, log };
}
