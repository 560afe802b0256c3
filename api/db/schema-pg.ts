/** PostgreSQL tables (drizzle-kit reads this file to generate api/db/migrations/pg). */
import { pgKit } from './kit.ts';
import { defineTables } from './tables.ts';

export const { users, passwords, stepikModules, stepikLessons, telegramUsers, sessions, lessonProgress, authThrottles } = defineTables(pgKit);
