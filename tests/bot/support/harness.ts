/**
 * The bot under test, for real: the fake Bot API on a local port, the bot pointed at it with
 * apiRoot and run by @grammyjs/runner (long polling over HTTP, as in production), and helpers
 * that act as a Telegram user and wait for the bot's answer.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { Message } from 'grammy/types';
import type { Course } from '#api/course/schema.ts';
import type { Database } from '#api/db/client.ts';
import type { StepikSource } from '#api/sync/sources.ts';
import type { BotContext } from '#bot/context.ts';
import { createBot } from '#bot/create-bot.ts';
import {
  FAKE_BOT_TOKEN,
  startFakeTelegram,
  type FakeCall,
  type FakeTelegram,
  type FakeUser,
} from '#scripts/fakes/telegram/server.ts';
import { TEST_DESCRIPTIONS, TEST_ORIGIN } from './course.ts';

export interface Harness {
  fake: FakeTelegram;
  bot: Bot<BotContext>;
  /** Lines the bot logged (its error boundary writes here). */
  logs: string[];
  /** The user sends a message; resolves with the bot's reply (a sendMessage to them). */
  say(user: FakeUser, text: string): Promise<FakeCall>;
  /** The user presses a button on the bot's last message; resolves with the edit (or new message). */
  press(user: FakeUser, labelOrData: string): Promise<FakeCall>;
  /** Presses and resolves with the answerCallbackQuery alone (buttons that change nothing). */
  pressForAnswer(user: FakeUser, labelOrData: string): Promise<FakeCall>;
  lastMessage(user: FakeUser): Message.TextMessage;
  stop(): Promise<void>;
}

export async function startHarness(
  database: Database,
  course: Course,
  { appOrigin = TEST_ORIGIN, stepik = null as StepikSource | null } = {},
): Promise<Harness> {
  const fake = await startFakeTelegram();
  const logs: string[] = [];
  const bot = createBot({
    token: FAKE_BOT_TOKEN,
    apiRoot: fake.url,
    database,
    course,
    appOrigin,
    lessonDescriptions: TEST_DESCRIPTIONS,
    stepik,
    log: (line) => logs.push(line),
  });
  await bot.init();
  const runner: RunnerHandle = run(bot, { runner: { fetch: { timeout: 10 } } });
  const { state } = fake;
  const toChat = (user: FakeUser) => (call: FakeCall) => Number(call.payload.chat_id) === user.id;

  async function pressed(
    user: FakeUser,
    labelOrData: string,
  ): Promise<{ from: number; answer: FakeCall }> {
    const message = state.lastBotMessage(user.id);
    if (!message) throw new Error(`the bot has sent nothing to ${user.id}`);
    const from = state.calls.length;
    const update = state.pressButton(user, message, labelOrData);
    const id = update.callback_query!.id;
    const answer = await state.waitForCall(
      (c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === id,
      { from },
    );
    return { from, answer };
  }

  return {
    fake,
    bot,
    logs,
    async say(user, text) {
      const from = state.calls.length;
      state.sendText(user, text);
      return state.waitForCall((c) => c.method === 'sendMessage' && toChat(user)(c), { from });
    },
    async press(user, labelOrData) {
      const { from } = await pressed(user, labelOrData);
      return state.waitForCall(
        (c) => (c.method === 'editMessageText' || c.method === 'sendMessage') && toChat(user)(c),
        { from },
      );
    },
    async pressForAnswer(user, labelOrData) {
      return (await pressed(user, labelOrData)).answer;
    },
    lastMessage(user) {
      const message = state.lastBotMessage(user.id);
      if (!message) throw new Error(`the bot has sent nothing to ${user.id}`);
      return message;
    },
    async stop() {
      if (runner.isRunning()) await runner.stop();
      await fake.close();
    },
  };
}

/** Every button of a recorded call, flattened. */
export function buttonsOf(
  call: FakeCall,
): { text: string; callback_data?: string; url?: string; web_app?: { url: string } }[] {
  const markup = call.payload.reply_markup as { inline_keyboard?: unknown[][] } | undefined;
  return (markup?.inline_keyboard ?? []).flat() as never;
}

export function textOf(call: FakeCall): string {
  return String(call.payload.text ?? '');
}
