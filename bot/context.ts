/**
 * The one Context type of the bot: grammY's context plus what every feature needs — the shared
 * dependencies and the student this Telegram user is (null when the bot does not know them yet).
 */
import type { Context } from 'grammy';
import type { UserRow } from '#api/auth/users.ts';
import type { Course } from '#api/course/schema.ts';
import type { Database } from '#api/db/client.ts';
import type { StepikSource } from '#api/sync/sources.ts';

export interface BotServices {
  database: Database;
  course: Course;
  /** The public origin of the site, e.g. https://course.example.ru: Mini App URLs start here. */
  appOrigin: string;
  /** slug → the lesson's frontmatter description (the lesson card shows it). */
  lessonDescriptions: ReadonlyMap<string, string>;
  /** Stepik for "Проверить снова" (the site's refresh); null when no teacher app is configured. */
  stepik: StepikSource | null;
}

export interface BotFlavor {
  services: BotServices;
  /** The account whose telegram_id is this user's id; null for a stranger. */
  student: UserRow | null;
}

export type BotContext = Context & BotFlavor;
