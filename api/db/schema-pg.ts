/** PostgreSQL tables (drizzle-kit reads this file to generate api/db/migrations/pg). */
import { pgKit } from './kit.ts';
import { defineTables } from './tables.ts';

/** Every table in defineTables order (parents first); `import *` would sort them by name. */
export const tables = defineTables(pgKit);

export const {
  users,
  passwords,
  stepikModules,
  stepikLessons,
  telegramUsers,
  sessions,
  lessonProgress,
  authThrottles,
  accessOverrides,
  unlockEvents,
  syncRuns,
  staffAlerts,
  locks,
  courseRoster,
  linkTokens,
  watchProgress,
  scheduleMarks,
  accessMarks,
  accessSnapshots,
} = tables;
