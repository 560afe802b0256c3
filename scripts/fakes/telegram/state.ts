/**
 * What the fake Bot API remembers: every call it answered, the updates waiting for getUpdates,
 * the messages the bot sent (so a test presses a button on the message as it now stands), the
 * open callback queries, the webhook, the commands and the menu button.
 */
import { EventEmitter } from 'node:events';
import type { CallbackQuery, Message, Update, User, UserFromGetMe } from 'grammy/types';
import { FaultSwitches } from './faults.ts';
import type { ApiReply } from './replies.ts';

export interface FakeCall {
  method: string;
  payload: Record<string, unknown>;
  reply: ApiReply;
}

export type FakeUser = Pick<User, 'id' | 'first_name' | 'last_name' | 'username' | 'language_code'>;

type NewUpdate = Omit<Update, 'update_id'>;

const nowInSeconds = (): number => Math.floor(Date.now() / 1000);

export class FakeTelegramState {
  readonly token: string;
  readonly botUser: UserFromGetMe;
  readonly calls: FakeCall[] = [];
  readonly faults = new FaultSwitches();
  /** Users who have written to the bot: the bot can only message those (else "chat not found"). */
  readonly chats = new Map<number, FakeUser>();
  readonly messages = new Map<string, Message.TextMessage>();
  readonly callbackQueries = new Map<string, { answered: boolean; query: CallbackQuery }>();
  webhook: { url: string; secretToken?: string } | null = null;
  commands: unknown[] = [];
  menuButton: unknown = { type: 'default' };
  #pending: Update[] = [];
  #nextUpdateId = 1;
  #nextMessageId = 1;
  #nextQueryId = 1;
  readonly #events = new EventEmitter();

  constructor(token: string, botUser: Partial<UserFromGetMe> = {}) {
    this.token = token;
    const id = Number(token.split(':')[0]);
    this.botUser = {
      id,
      is_bot: true,
      first_name: 'Course Bot',
      username: 'course_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      ...botUser,
    } as UserFromGetMe;
    this.#events.setMaxListeners(100);
  }

  // --- what a test does as the user -------------------------------------------------------

  /** Queues an update for getUpdates; with a webhook set, only returns it (to POST with postToWebhook). */
  pushUpdate(update: NewUpdate): Update {
    const full = { update_id: this.#nextUpdateId++, ...update } as Update;
    if (!this.webhook) this.#pending.push(full);
    this.#events.emit('update');
    return full;
  }

  /** The user sends `text`; a leading /command is marked as one, as Telegram does. */
  sendText(user: FakeUser, text: string): Update {
    this.chats.set(user.id, user);
    const command = /^\/[A-Za-z0-9_]+(?:@\w+)?/.exec(text);
    const message = {
      message_id: this.#nextMessageId++,
      date: nowInSeconds(),
      chat: {
        id: user.id,
        type: 'private',
        first_name: user.first_name,
        ...(user.username ? { username: user.username } : {}),
      },
      from: { is_bot: false, ...user },
      text,
      ...(command
        ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] }
        : {}),
    } as Message.TextMessage;
    return this.pushUpdate({ message: message as never });
  }

  /** The user presses the button with this label or data on a message the bot sent; throws if it is not there. */
  pressButton(user: FakeUser, message: Message.TextMessage, labelOrData: string): Update {
    const current = this.messages.get(messageKey(message.chat.id, message.message_id)) ?? message;
    const buttons = (current.reply_markup?.inline_keyboard ?? []).flat();
    const button = buttons.find(
      (b) => 'callback_data' in b && (b.callback_data === labelOrData || b.text === labelOrData),
    );
    if (!button || !('callback_data' in button)) {
      throw new Error(
        `no callback button "${labelOrData}" on message ${current.message_id}; it has: ${buttons.map((b) => b.text).join(' | ')}`,
      );
    }
    return this.sendCallback(user, current, button.callback_data);
  }

  /** A callback query with any data, e.g. from a button of a menu the bot no longer builds. */
  sendCallback(user: FakeUser, message: Message.TextMessage, data: string): Update {
    const query: CallbackQuery = {
      id: String(this.#nextQueryId++),
      from: { is_bot: false, ...user },
      message: message as never,
      chat_instance: `ci${user.id}`,
      data,
    };
    this.callbackQueries.set(query.id, { answered: false, query });
    return this.pushUpdate({ callback_query: query });
  }

  /** The user blocks (kicked) or unblocks (member) the bot: Telegram's my_chat_member update. */
  changeMembership(user: FakeUser, status: 'kicked' | 'member'): Update {
    const from = { is_bot: false, ...user };
    const chat = { id: user.id, type: 'private' as const, first_name: user.first_name };
    const bot = { user: this.botUser, status: status === 'kicked' ? 'member' : 'kicked' } as const;
    return this.pushUpdate({
      my_chat_member: {
        chat,
        from,
        date: nowInSeconds(),
        old_chat_member: bot as never,
        new_chat_member: {
          user: this.botUser,
          status,
          ...(status === 'kicked' ? { until_date: 0 } : {}),
        } as never,
      },
    });
  }

  // --- what the fake's methods use ---------------------------------------------------------

  /** Confirms updates below `offset` and returns up to `limit` of the rest. */
  takeUpdates(offset: number, limit: number): Update[] {
    if (offset > 0) this.#pending = this.#pending.filter((u) => u.update_id >= offset);
    return this.#pending.slice(0, limit);
  }

  dropPendingUpdates(): void {
    this.#pending = [];
  }

  get pendingUpdateCount(): number {
    return this.#pending.length;
  }

  onUpdate(listener: () => void): () => void {
    this.#events.on('update', listener);
    return () => this.#events.off('update', listener);
  }

  storeBotMessage(chatId: number, fields: Partial<Message.TextMessage>): Message.TextMessage {
    const user = this.chats.get(chatId);
    const message = {
      message_id: this.#nextMessageId++,
      date: nowInSeconds(),
      chat: { id: chatId, type: 'private', first_name: user?.first_name ?? '' },
      from: this.botUser,
      ...fields,
    } as Message.TextMessage;
    this.messages.set(messageKey(chatId, message.message_id), message);
    return message;
  }

  record(call: FakeCall): void {
    this.calls.push(call);
    this.#events.emit('call', call);
  }

  // --- what a test asserts on ---------------------------------------------------------------

  callsOf(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Calls that Telegram accepted, e.g. the messages actually delivered. */
  succeeded(method: string): FakeCall[] {
    return this.callsOf(method).filter((c) => c.reply.ok);
  }

  /** The latest version of the last message the bot sent to a chat. */
  lastBotMessage(chatId: number): Message.TextMessage | undefined {
    return [...this.messages.values()].filter((m) => m.chat.id === chatId).at(-1);
  }

  message(chatId: number, messageId: number): Message.TextMessage | undefined {
    return this.messages.get(messageKey(chatId, messageId));
  }

  /**
   * The first call from index `from` on that matches; waits for it (events, not polling) up to
   * `timeoutInMs`, which only bounds a test that is already failing.
   */
  waitForCall(
    match: (call: FakeCall) => boolean,
    { from = 0, timeoutInMs = 20_000 } = {},
  ): Promise<FakeCall> {
    const found = this.calls.slice(from).find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const listener = (call: FakeCall): void => {
        if (!match(call)) return;
        clearTimeout(timer);
        this.#events.off('call', listener);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.#events.off('call', listener);
        reject(
          new Error(
            `fake Telegram: no matching call within ${timeoutInMs} ms; calls so far: ${this.calls.map((c) => c.method).join(', ')}`,
          ),
        );
      }, timeoutInMs);
      this.#events.on('call', listener);
    });
  }
}

export function messageKey(chatId: number, messageId: number): string {
  return `${chatId}:${messageId}`;
}
