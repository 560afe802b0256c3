/** The Bot API methods the bot uses, answered from and into the fake's state. */
import type { Message } from 'grammy/types';
import { badRequest, failure, ok, refuse, type ApiReply } from './replies.ts';
import type { FakeTelegramState } from './state.ts';
import { checkReplyMarkup, checkTextLength, visibleText } from './validate.ts';

type Payload = Record<string, unknown>;
type Method = (state: FakeTelegramState, payload: Payload) => ApiReply;

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

function chatOf(state: FakeTelegramState, payload: Payload): number {
  const chatId = Number(payload.chat_id);
  if (!Number.isSafeInteger(chatId)) refuse(badRequest('chat_id is empty'));
  if (!state.chats.has(chatId)) refuse(badRequest('chat not found'));
  return chatId;
}

function editable(state: FakeTelegramState, payload: Payload): Message.TextMessage {
  const message = state.message(chatOf(state, payload), Number(payload.message_id));
  if (!message) refuse(badRequest('message to edit not found'));
  return message;
}

const sameMarkup = (a: unknown, b: unknown): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function setWebhook(state: FakeTelegramState, payload: Payload): ApiReply {
  const url = String(payload.url ?? '');
  const secret = payload.secret_token === undefined ? undefined : String(payload.secret_token);
  if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
    refuse(badRequest('secret token contains unallowed characters'));
  if (payload.drop_pending_updates) state.dropPendingUpdates();
  state.webhook = url ? { url, secretToken: secret } : null;
  return ok(true);
}

const methods: Record<string, Method> = {
  getMe: (state) => ok(state.botUser),
  sendMessage(state, payload) {
    const chatId = chatOf(state, payload);
    const text = String(payload.text ?? '');
    checkTextLength(visibleText(payload.text, payload.parse_mode));
    checkReplyMarkup(payload.reply_markup);
    return ok(
      state.storeBotMessage(chatId, {
        text,
        ...(payload.reply_markup
          ? { reply_markup: payload.reply_markup as Message.TextMessage['reply_markup'] }
          : {}),
      }),
    );
  },
  editMessageText(state, payload) {
    const message = editable(state, payload);
    checkTextLength(visibleText(payload.text, payload.parse_mode));
    checkReplyMarkup(payload.reply_markup);
    const text = String(payload.text);
    if (text === message.text && sameMarkup(payload.reply_markup, message.reply_markup))
      refuse(badRequest(NOT_MODIFIED));
    message.text = text;
    // As in Telegram: an edit without reply_markup removes the keyboard.
    if (payload.reply_markup)
      message.reply_markup = payload.reply_markup as Message.TextMessage['reply_markup'];
    else delete message.reply_markup;
    message.edit_date = Math.floor(Date.now() / 1000);
    return ok(message);
  },
  editMessageReplyMarkup(state, payload) {
    const message = editable(state, payload);
    checkReplyMarkup(payload.reply_markup);
    if (sameMarkup(payload.reply_markup, message.reply_markup)) refuse(badRequest(NOT_MODIFIED));
    if (payload.reply_markup)
      message.reply_markup = payload.reply_markup as Message.TextMessage['reply_markup'];
    else delete message.reply_markup;
    return ok(message);
  },
  answerCallbackQuery(state, payload) {
    const query = state.callbackQueries.get(String(payload.callback_query_id));
    if (!query || query.answered)
      refuse(badRequest('query is too old and response timeout expired or query ID is invalid'));
    if (typeof payload.text === 'string' && payload.text.length > 200)
      refuse(badRequest('MESSAGE_TOO_LONG'));
    query.answered = true;
    return ok(true);
  },
  setMyCommands(state, payload) {
    const commands = payload.commands as { command?: unknown; description?: unknown }[];
    if (!Array.isArray(commands) || commands.length > 100)
      refuse(badRequest('commands must be an array of at most 100'));
    for (const c of commands) {
      if (typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command))
        refuse(badRequest('BOT_COMMAND_INVALID'));
      if (
        typeof c.description !== 'string' ||
        c.description.length < 1 ||
        c.description.length > 256
      )
        refuse(badRequest('BOT_COMMAND_DESCRIPTION_INVALID'));
    }
    state.commands = commands;
    return ok(true);
  },
  getMyCommands: (state) => ok(state.commands),
  deleteMyCommands(state) {
    state.commands = [];
    return ok(true);
  },
  setChatMenuButton(state, payload) {
    const button = (payload.menu_button ?? { type: 'default' }) as {
      type?: string;
      text?: string;
      web_app?: { url?: string };
    };
    if (button.type === 'web_app' && !String(button.web_app?.url ?? '').startsWith('https://'))
      refuse(badRequest('BUTTON_URL_INVALID'));
    state.menuButton = button;
    return ok(true);
  },
  getChatMenuButton: (state) => ok(state.menuButton),
  setWebhook,
  deleteWebhook(state, payload) {
    if (payload.drop_pending_updates) state.dropPendingUpdates();
    state.webhook = null;
    return ok(true);
  },
  getWebhookInfo: (state) =>
    ok({
      url: state.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: state.pendingUpdateCount,
    }),
  close: () => ok(true),
  logOut: () => ok(true),
};

export function answerMethod(state: FakeTelegramState, method: string, payload: Payload): ApiReply {
  const answer = methods[method];
  if (!answer) return failure(404, 'Not Found');
  return answer(state, payload);
}
