/** Webhook mode: Telegram POSTs updates to the web service, which answers through the (fake) Bot API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAKE_BOT_TOKEN,
  startFakeTelegram,
  type FakeTelegram,
} from '#scripts/fakes/telegram/server.ts';
import { startAuthServer, type AuthServer } from '../support/auth-server.ts';
import { POLL } from '../support/waits.ts';

const SECRET = 'webhook-secret-for-tests-0123456789';
let telegram: FakeTelegram;
let s: AuthServer;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  s = await startAuthServer({
    TELEGRAM_BOT_TOKEN_DEV: FAKE_BOT_TOKEN,
    TELEGRAM_API_ROOT: telegram.url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  });
  telegram.state.webhook = { url: `${s.server.origin}/api/telegram/webhook`, secretToken: SECRET };
});
afterAll(async () => {
  await s?.close();
  await telegram?.close();
});

describe('POST /api/telegram/webhook', () => {
  const student = { id: 424_242, first_name: 'Оля' };

  it('handles an update sent with the secret and answers through the Bot API', async () => {
    const update = telegram.state.sendText(student, '/help');
    expect(await telegram.postToWebhook(update)).toBe(200);
    await expect
      .poll(
        () =>
          telegram.state
            .callsOf('sendMessage')
            .filter((c) => (c.payload as { chat_id?: number }).chat_id === student.id).length,
        POLL,
      )
      .toBe(1);
  });

  it('refuses an update without the right secret before doing anything', async () => {
    const before = telegram.state.calls.length;
    const update = telegram.state.sendText(student, '/help');
    expect(await telegram.postToWebhook(update, 'wrong-secret-0000000000')).toBe(401);
    expect(telegram.state.calls.slice(before).filter((c) => c.method === 'sendMessage')).toEqual(
      [],
    );
  });
});
