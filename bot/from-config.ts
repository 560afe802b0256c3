/** The bot as the deployed processes build it: token, API root and origin from api/config. */
import type { Bot } from 'grammy';
import type { Config } from '#api/config.ts';
import type { CourseContent } from '#api/course/load.ts';
import type { Database } from '#api/db/client.ts';
import { stepikSourceFromConfig } from '#api/sync/stepik-source.ts';
import type { BotContext } from './context.ts';
import { createBot } from './create-bot.ts';

/** An expected start-up failure: the caller prints the message as one line and exits 1. */
export class BotStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BotStartError';
  }
}

export function requireBotToken(config: Config): string {
  if (config.telegram.botToken) return config.telegram.botToken;
  const name = config.env === 'production' ? 'TELEGRAM_BOT_TOKEN_PROD' : 'TELEGRAM_BOT_TOKEN_DEV';
  throw new BotStartError(
    `no bot token: set ${name} (APP_ENV=${config.env} picks it) to the token from @BotFather`,
  );
}

export function lessonDescriptionsOf(content: CourseContent): Map<string, string> {
  return new Map(
    [...content.lessons].map(([slug, source]) => [slug, source.frontmatter.description]),
  );
}

export function createBotFromConfig(
  config: Config,
  database: Database,
  content: CourseContent,
  log?: (line: string) => void,
): Bot<BotContext> {
  return createBot({
    token: requireBotToken(config),
    apiRoot: config.telegram.apiRoot,
    database,
    course: content.course,
    appOrigin: config.appOrigin,
    lessonDescriptions: lessonDescriptionsOf(content),
    stepik: stepikSourceFromConfig(config, { interactive: true }),
    log,
  });
}
