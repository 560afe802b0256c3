/**
 * The bot, built from its dependencies and nothing else: no config, no network until it is
 * used, so a test builds one against a fake Bot API (`apiRoot`) and a throwaway database.
 * Features are one Composer each, for private chats only; the catch-all comes last and the
 * error boundary catches what escapes a handler.
 */
import { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Course } from '#api/course/schema.ts';
import type { Database } from '#api/db/client.ts';
import type { StepikSource } from '#api/sync/sources.ts';
import { configureApi } from './api-setup.ts';
import type { BotContext, BotServices } from './context.ts';
import { createErrorBoundary } from './error-boundary.ts';
import { courseMenuFeature } from './features/course-menu.ts';
import { helpFeature } from './features/help.ts';
import { lessonCardFeature } from './features/lesson-card.ts';
import { lessonRefreshFeature } from './features/lesson-refresh.ts';
import { progressFeature } from './features/progress.ts';
import { startFeature } from './features/start.ts';
import { unknownFeature } from './features/unknown.ts';
import { identifyStudent } from './identify.ts';

export interface CreateBotDeps {
  token: string;
  /** https://api.telegram.org, a local Bot API server, or a fake (TELEGRAM_API_ROOT). */
  apiRoot: string;
  database: Database;
  course: Course;
  appOrigin: string;
  /** Known bot info skips the getMe of bot.init(). */
  botInfo?: UserFromGetMe;
  /** slug → the lesson's description (the card shows it); none when omitted. */
  lessonDescriptions?: ReadonlyMap<string, string>;
  /** Stepik for "Проверить снова"; without it the button answers that sync is not configured. */
  stepik?: StepikSource | null;
  log?: (line: string) => void;
}

/** Above the 30 s long-poll of getUpdates, well below grammY's default of 500 s. */
const API_TIMEOUT_IN_SECONDS = 60;

export function createBot(deps: CreateBotDeps): Bot<BotContext> {
  const bot = new Bot<BotContext>(deps.token, {
    client: { apiRoot: deps.apiRoot, timeoutSeconds: API_TIMEOUT_IN_SECONDS },
    botInfo: deps.botInfo,
  });
  configureApi(bot.api, deps.database, deps.log);
  const services: BotServices = {
    database: deps.database,
    course: deps.course,
    appOrigin: deps.appOrigin,
    lessonDescriptions: deps.lessonDescriptions ?? new Map(),
    stepik: deps.stepik ?? null,
  };
  bot.use(async (ctx, next) => {
    ctx.services = services;
    ctx.student = null;
    await next();
  });
  const privateChats = bot.chatType('private');
  privateChats.use(identifyStudent());
  privateChats.use(
    startFeature(),
    courseMenuFeature(),
    lessonCardFeature(),
    lessonRefreshFeature(),
    progressFeature(),
    helpFeature(),
  );
  privateChats.use(unknownFeature());
  bot.catch(createErrorBoundary(deps.log));
  return bot;
}
