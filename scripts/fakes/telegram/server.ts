/**
 * A fake Telegram Bot API on node:http for tests (and a local try-out): answers
 * `POST /bot<token>/<method>` with Telegram's `{ok, result}` envelope, records every call, serves
 * the updates a test queued to getUpdates (long polling with `timeout`, one poller at a time as
 * Telegram enforces) or POSTs them to the webhook, and fails on demand (state.faults). Point
 * grammY at it with `client.apiRoot` (TELEGRAM_API_ROOT).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, UserFromGetMe } from 'grammy/types';
import { answerMethod } from './methods.ts';
import { ApiRefusal, failure, ok, type ApiReply } from './replies.ts';
import { FakeTelegramState } from './state.ts';

export { FakeTelegramState } from './state.ts';
export type { FakeCall, FakeUser } from './state.ts';
export { BLOCKED, TOO_MANY_REQUESTS, failure as apiFailure } from './replies.ts';

export interface FakeTelegram {
  /** The API root, e.g. http://127.0.0.1:40123 (what TELEGRAM_API_ROOT would be). */
  url: string;
  state: FakeTelegramState;
  /** True while a getUpdates long poll is waiting (a test can wait for the bot to be polling). */
  isPolling(): boolean;
  /** POSTs an update to the webhook set with setWebhook, with its secret; returns the HTTP status. */
  postToWebhook(update: Update, secretToken?: string): Promise<number>;
  close(): Promise<void>;
}

export interface FakeTelegramOptions {
  /** A BotFather-shaped token; only requests for it are answered. */
  token?: string;
  botUser?: Partial<UserFromGetMe>;
  port?: number;
}

export const FAKE_BOT_TOKEN = '7000000001:AAFakeTokenForTestsOnly_0123456789abc';

const PATH = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z]+)$/;

async function readPayload(request: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const payload: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (!text) return payload;
  if ((request.headers['content-type'] ?? '').includes('json'))
    return { ...payload, ...(JSON.parse(text) as Record<string, unknown>) };
  for (const [key, value] of new URLSearchParams(text)) payload[key] = value;
  return payload;
}

function send(response: ServerResponse, reply: ApiReply): void {
  if (response.writableEnded || response.destroyed) return;
  response.writeHead(reply.ok ? 200 : reply.error_code, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(reply));
}

export async function startFakeTelegram({
  token = FAKE_BOT_TOKEN,
  botUser,
  port = 0,
}: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const state = new FakeTelegramState(token, botUser);
  /** The long poll in progress: a newer getUpdates ends it with 409, as Telegram does. */
  let poller: ((reply: ApiReply) => void) | undefined;

  async function getUpdates(
    payload: Record<string, unknown>,
    request: IncomingMessage,
  ): Promise<ApiReply> {
    if (state.webhook)
      return failure(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    poller?.(
      failure(
        409,
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      ),
    );
    const offset = Number(payload.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(payload.limit ?? 100)));
    const timeoutInSeconds = Math.min(50, Math.max(0, Number(payload.timeout ?? 0)));
    const ready = state.takeUpdates(offset, limit);
    if (ready.length || timeoutInSeconds === 0) return ok(ready);
    return new Promise<ApiReply>((resolve) => {
      const finish = (reply: ApiReply): void => {
        clearTimeout(timer);
        stopListening();
        request.off('close', onClose);
        if (poller === finish) poller = undefined;
        resolve(reply);
      };
      const timer = setTimeout(() => finish(ok([])), timeoutInSeconds * 1000);
      const stopListening = state.onUpdate(() => finish(ok(state.takeUpdates(offset, limit))));
      // The bot stopped polling (runner.stop aborts the request): forget this poll.
      const onClose = (): void => finish(ok([]));
      request.on('close', onClose);
      poller = finish;
    });
  }

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://fake-telegram');
      const match = PATH.exec(url.pathname);
      if (!match) return send(response, failure(404, 'Not Found'));
      const [, requestToken, method] = match as unknown as [string, string, string];
      let payload: Record<string, unknown> = {};
      try {
        payload = await readPayload(request, url);
      } catch {
        return send(response, failure(400, 'Bad Request: invalid JSON'));
      }
      let reply: ApiReply;
      if (requestToken !== state.token) reply = failure(401, 'Unauthorized');
      else {
        reply =
          state.faults.take(method, payload) ??
          (method === 'getUpdates' ? await getUpdates(payload, request) : answer(method, payload));
      }
      // Empty polls are not worth recording: they would bury the calls a test looks for.
      if (!(
        method === 'getUpdates' &&
        reply.ok &&
        Array.isArray(reply.result) &&
        reply.result.length === 0
      ))
        state.record({ method, payload, reply });
      send(response, reply);
    })().catch((error: unknown) =>
      send(response, failure(500, `Internal Server Error: ${(error as Error).message}`)),
    );
  });

  function answer(method: string, payload: Record<string, unknown>): ApiReply {
    try {
      return answerMethod(state, method, payload);
    } catch (error) {
      if (error instanceof ApiRefusal) return error.reply;
      throw error;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    state,
    isPolling: () => poller !== undefined,
    async postToWebhook(update, secretToken = state.webhook?.secretToken) {
      if (!state.webhook) throw new Error('fake Telegram: no webhook is set');
      const response = await fetch(state.webhook.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(secretToken ? { 'X-Telegram-Bot-Api-Secret-Token': secretToken } : {}),
        },
        body: JSON.stringify(update),
      });
      await response.arrayBuffer();
      return response.status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        poller?.(ok([]));
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
