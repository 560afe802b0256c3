/** The fake Bot API itself: the envelope, the token, long polling and Telegram's refusals. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FAKE_BOT_TOKEN,
  startFakeTelegram,
  type FakeTelegram,
} from '#scripts/fakes/telegram/server.ts';
import { POLL } from '../support/waits.ts';

let fake: FakeTelegram;
const anna = { id: 5_000_000_051, first_name: 'Анна' };

beforeEach(async () => {
  fake = await startFakeTelegram();
});

afterEach(async () => {
  await fake.close();
});

async function call(
  method: string,
  payload: unknown = {},
  token = FAKE_BOT_TOKEN,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${fake.url}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the fake Bot API', () => {
  it('answers getMe in the {ok, result} envelope and 401 to another token', async () => {
    expect(await call('getMe')).toMatchObject({
      status: 200,
      body: { ok: true, result: { id: 7000000001, is_bot: true, username: 'course_test_bot' } },
    });
    expect(await call('getMe', {}, '1:nope')).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    expect(await call('noSuchMethod')).toMatchObject({
      status: 404,
      body: { ok: false, error_code: 404 },
    });
  });

  it('holds a long poll until an update arrives, then confirms it with the next offset', async () => {
    const poll = call('getUpdates', { timeout: 10 });
    fake.state.sendText(anna, '/start');
    const { body } = await poll;
    const updates = body.result as {
      update_id: number;
      message: { text: string; entities: unknown[] };
    }[];
    expect(updates.map((u) => u.message.text)).toEqual(['/start']);
    expect(updates[0]!.message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    expect((await call('getUpdates', { offset: updates[0]!.update_id + 1 })).body.result).toEqual(
      [],
    );
  });

  it('ends an older long poll with 409 when another bot instance polls, and refuses polling under a webhook', async () => {
    const first = call('getUpdates', { timeout: 10 });
    await expect.poll(() => fake.isPolling(), POLL).toBe(true);
    const second = call('getUpdates', { timeout: 0 });
    expect((await first).status).toBe(409);
    expect((await second).status).toBe(200);
    await call('setWebhook', { url: 'https://course.test/hook', secret_token: 'abc' });
    expect((await call('getUpdates')).body.description).toMatch(
      /^Conflict: can't use getUpdates method while webhook is active/,
    );
  });

  it('refuses what Telegram refuses: unknown chats, long callback data, http Mini Apps, broken HTML', async () => {
    expect((await call('sendMessage', { chat_id: anna.id, text: 'hi' })).body.description).toBe(
      'Bad Request: chat not found',
    );
    fake.state.chats.set(anna.id, anna);
    const keyboard = (button: unknown) => ({ inline_keyboard: [[button]] });
    expect(
      (
        await call('sendMessage', {
          chat_id: anna.id,
          text: 'hi',
          reply_markup: keyboard({ text: 'x', callback_data: 'x'.repeat(65) }),
        })
      ).body.description,
    ).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect(
      (
        await call('sendMessage', {
          chat_id: anna.id,
          text: 'hi',
          reply_markup: keyboard({ text: 'x', web_app: { url: 'http://course.test/' } }),
        })
      ).body.description,
    ).toMatch(/Only HTTPS links are allowed/);
    expect(
      (await call('sendMessage', { chat_id: anna.id, text: 'a < b', parse_mode: 'HTML' })).body
        .description,
    ).toMatch(/^Bad Request: can't parse entities/);
    expect(
      (await call('sendMessage', { chat_id: anna.id, text: '<b>a &lt; b</b>', parse_mode: 'HTML' }))
        .body.ok,
    ).toBe(true);
  });

  it('fails on demand: 429 with retry_after, and 403 for a chat that blocked the bot', async () => {
    fake.state.chats.set(anna.id, anna);
    fake.state.faults.rateLimit('sendMessage', 1, 1);
    expect(await call('sendMessage', { chat_id: anna.id, text: 'hi' })).toEqual({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      },
    });
    fake.state.faults.block(anna.id);
    expect((await call('sendMessage', { chat_id: anna.id, text: 'hi' })).body).toEqual({
      ok: false,
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    fake.state.faults.unblock(anna.id);
    expect((await call('sendMessage', { chat_id: anna.id, text: 'hi' })).body.ok).toBe(true);
    expect(fake.state.calls.map((c) => [c.method, c.reply.ok])).toEqual([
      ['sendMessage', false],
      ['sendMessage', false],
      ['sendMessage', true],
    ]);
  });
});
