/** SQLite tables (drizzle-kit reads this file to generate api/db/migrations/sqlite). */
import { sqliteKit } from './kit.ts';
import { defineTables } from './tables.ts';

export const { users, passwords, stepikModules, stepikLessons, telegramUsers, sessions, lessonProgress, authThrottles } = defineTables(sqliteKit);
