/**
 * Webhook mode: the fake Bot API POSTs an update, with the secret given to setWebhook, to the
 * handler served over HTTP; the bot's reply goes back to the fake. Without the secret: 401.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBot } from '#bot/create-bot.ts';
import { createWebhookHandler } from '#bot/webhook.ts';
import {
  FAKE_BOT_TOKEN,
  startFakeTelegram,
  type FakeTelegram,
} from '#scripts/fakes/telegram/server.ts';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';
import { buildTestCourse, TEST_ORIGIN } from './support/course.ts';

const SECRET = 'webhook_secret_0123456789';
const anna = { id: 5_000_000_031, first_name: 'Анна' };

/** node:http → Request → the handler → Response, as an Astro endpoint would do. */
function serve(
  handler: (request: Request) => Promise<Response>,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([k, v]) =>
          typeof v === 'string' ? [[k, v] as [string, string]] : [],
        ),
        ...(req.method === 'GET' ? {} : { body }),
      });
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/telegram/webhook`,
        server,
      }),
    ),
  );
}

let testDb: TestDatabase;
let fake: FakeTelegram;
let endpoint: { url: string; server: Server };

beforeEach(async () => {
  testDb = await createSqliteDatabase();
  fake = await startFakeTelegram();
  const bot = createBot({
    token: FAKE_BOT_TOKEN,
    apiRoot: fake.url,
    database: testDb.database,
    course: buildTestCourse(),
    appOrigin: TEST_ORIGIN,
  });
  endpoint = await serve(createWebhookHandler({ bot, secretToken: SECRET, log: () => {} }));
  await bot.api.setWebhook(endpoint.url, { secret_token: SECRET });
});

afterEach(async () => {
  endpoint.server.closeAllConnections();
  await new Promise((resolve) => endpoint.server.close(resolve));
  await fake.close();
  await testDb.dispose();
});

describe('the webhook handler', () => {
  it('handles an update that carries the secret token', async () => {
    const update = fake.state.sendText(anna, '/help');
    expect(await fake.postToWebhook(update)).toBe(200);
    const [reply] = fake.state.succeeded('sendMessage');
    expect(reply?.payload).toMatchObject({ chat_id: anna.id, parse_mode: 'HTML' });
    // bot.init() ran against the fake on the first update.
    expect(fake.state.callsOf('getMe')).toHaveLength(1);
  });

  it('refuses an update without the secret, or with a wrong one, before the bot sees it', async () => {
    const update = fake.state.sendText(anna, '/help');
    expect(await fake.postToWebhook(update, '')).toBe(401);
    expect(await fake.postToWebhook(update, 'wrong_secret_0123456789')).toBe(401);
    expect(fake.state.callsOf('sendMessage')).toEqual([]);
    expect(fake.state.callsOf('getMe')).toEqual([]);
  });

  it('answers 405 to anything but POST and 400 to a body that is not an update', async () => {
    expect((await fetch(endpoint.url)).status).toBe(405);
    const bad = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: 'not json',
    });
    expect(bad.status).toBe(400);
  });
});
