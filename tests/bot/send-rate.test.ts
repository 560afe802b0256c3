/** The notifier's flood limiter, on an injected clock (no wall-clock waits). */
import { describe, expect, it } from 'vitest';
import { SendRate } from '#bot/send-rate.ts';

function clockedRate(options: ConstructorParameters<typeof SendRate>[0] = {}) {
  let now = 0;
  const sleeps: number[] = [];
  const rate = new SendRate({
    ...options,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  });
  return { rate, sleeps, at: () => now };
}

describe('SendRate', () => {
  it('lets a burst through, then spaces messages at the rate', async () => {
    const { rate, at } = clockedRate({ ratePerSecond: 20, burst: 5, perChatIntervalInMs: 0 });
    const times: number[] = [];
    for (let chat = 1; chat <= 9; chat++) {
      await rate.take(chat);
      times.push(at());
    }
    expect(times).toEqual([0, 0, 0, 0, 0, 50, 100, 150, 200]);
  });

  it('never lets more than 25 messages into any one second', async () => {
    const { rate, at } = clockedRate();
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      await rate.take(i);
      times.push(at());
    }
    for (const start of times)
      expect(times.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(25);
  });

  it('keeps one chat to a message a second while other chats go on', async () => {
    const { rate, at } = clockedRate({ ratePerSecond: 1000, burst: 100 });
    const log: [number, number][] = [];
    for (const chat of [7, 7, 8, 7]) {
      await rate.take(chat);
      log.push([chat, at()]);
    }
    expect(log).toEqual([
      [7, 0],
      [7, 1000],
      [8, 1000],
      [7, 2000],
    ]);
  });

  it('serves concurrent callers in order', async () => {
    const { rate } = clockedRate({ ratePerSecond: 1, burst: 1, perChatIntervalInMs: 0 });
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((chat) => rate.take(chat).then(() => order.push(chat))));
    expect(order).toEqual([1, 2, 3]);
  });
});
