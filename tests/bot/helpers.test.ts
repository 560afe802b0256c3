/** The bot's small pure pieces: callback data, deep links, app links, error classes, back-off. */
import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { addAppButton, appLinkKind } from '#bot/app-links.ts';
import { menuButtonFor } from '#bot/bot-profile.ts';
import { findLessonByData, lessonData, moduleData } from '#bot/callback-data.ts';
import { lessonFromStartPayload, lessonStartPayload } from '#bot/deep-link.ts';
import { classifySendError } from '#bot/delivery-errors.ts';
import { escapeHtml } from '#bot/html.ts';
import { retryDelayInMs } from '#bot/notifier.ts';
import { InlineKeyboard } from 'grammy';
import { buildTestCourse } from './support/course.ts';

const course = buildTestCourse();
const grammyError = (error_code: number, description: string, parameters = {}) =>
  new GrammyError(
    'call failed',
    { ok: false, error_code, description, parameters },
    'sendMessage',
    {},
  );

describe('callback data', () => {
  it('uses the slug while it fits in 64 bytes, the lesson number beyond', () => {
    expect(lessonData({ slug: 'loops', number: 4 })).toBe('l:loops');
    const long = 'a'.repeat(62);
    expect(lessonData({ slug: long, number: 4 })).toBe(`l:${long}`);
    expect(lessonData({ slug: `${long}b`, number: 4 })).toBe('n:4');
    expect(moduleData(12, 3)).toBe('m:12:3');
  });

  it('finds the lesson a button names, and nothing for a stale one', () => {
    expect(findLessonByData(course, 'l', 'variables')?.number).toBe(2);
    expect(findLessonByData(course, 'n', '4')?.slug).toBe('big-lesson-1');
    expect(findLessonByData(course, 'l', 'gone')).toBeUndefined();
  });
});

describe('deep links', () => {
  it.each([
    ['lesson_variables', 'variables'],
    ['lesson_big-lesson-20', 'big-lesson-20'],
    ['lesson_nope', undefined],
    ['variables', undefined],
    ['', undefined],
    [`lesson_${'a'.repeat(58)}`, undefined],
    ['lesson_vari ables', undefined],
  ])('%j → %j', (payload, slug) => {
    expect(lessonFromStartPayload(course, payload)?.slug).toBe(slug);
  });

  it("builds payloads only within Telegram's 64 characters", () => {
    expect(lessonStartPayload('variables')).toBe('lesson_variables');
    expect(lessonStartPayload('a'.repeat(57))).toHaveLength(64);
    expect(lessonStartPayload('a'.repeat(58))).toBeUndefined();
  });
});

describe('links to the site', () => {
  it.each([
    ['https://course.example.ru', 'web_app'],
    ['http://course.lan:4321', 'url'],
    ['http://localhost:4321', 'none'],
    ['http://127.0.0.1:4321', 'none'],
  ])('%s → %s', (origin, kind) => {
    expect(appLinkKind(origin)).toBe(kind);
  });

  it('sets the menu button to the Mini App only over https', () => {
    expect(menuButtonFor('https://course.example.ru')).toEqual({
      type: 'web_app',
      text: 'Курс',
      web_app: { url: 'https://course.example.ru/course' },
    });
    expect(menuButtonFor('http://localhost:4321')).toEqual({ type: 'commands' });
  });

  it('adds a web_app, a url or no button', () => {
    const keyboard = new InlineKeyboard();
    expect(addAppButton(keyboard, 'https://a.ru', 'A', '/lessons/x')).toBe(true);
    expect(addAppButton(keyboard, 'http://localhost:1', 'B', '/lessons/x')).toBe(false);
    expect(keyboard.inline_keyboard.flat()).toEqual([
      { text: 'A', web_app: { url: 'https://a.ru/lessons/x' } },
    ]);
  });

  it('escapes what HTML messages carry', () => {
    expect(escapeHtml('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
  });
});

describe('delivery errors and back-off', () => {
  it.each([
    [grammyError(403, 'Forbidden: bot was blocked by the user'), 'blocked'],
    [grammyError(403, 'Forbidden: user is deactivated'), 'blocked'],
    [grammyError(403, "Forbidden: bot can't initiate conversation with a user"), 'undeliverable'],
    [grammyError(400, 'Bad Request: chat not found'), 'undeliverable'],
    [grammyError(429, 'Too Many Requests: retry after 60', { retry_after: 60 }), 'rate_limited'],
    [grammyError(400, 'Bad Request: something else'), 'failed'],
    [grammyError(502, 'Bad Gateway'), 'failed'],
    [new HttpError('Network request for sendMessage failed!', new Error('ECONNRESET')), 'failed'],
    [new Error('boom'), 'failed'],
  ])('%s → %s', (error, kind) => {
    expect(classifySendError(error).kind).toBe(kind);
  });

  it('takes retry_after from a 429', () => {
    expect(
      classifySendError(grammyError(429, 'Too Many Requests', { retry_after: 60 })),
    ).toMatchObject({ retryAfterInSeconds: 60 });
  });

  it('doubles the wait from 30 s up to 6 h', () => {
    expect([1, 2, 3, 8, 20].map(retryDelayInMs)).toEqual([
      30_000, 60_000, 120_000, 3_840_000, 21_600_000,
    ]);
  });
});
