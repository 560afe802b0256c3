import type { UserRow } from '#api/auth/users.ts';
import type { Config } from '#api/config.ts';
import type { Database } from '#api/db/client.ts';

/** A student on a "stuck" list; a list may add when it last saw progress. */
export type StuckStudent = Pick<
  UserRow,
  'id' | 'email' | 'firstName' | 'lastName' | 'stepikUserId' | 'telegramId'
> & {
  createdAt?: Date;
  lastProgressAt?: Date | null;
};

export interface StuckListContext {
  now: Date;
  stuckAfterDays: number;
  /** Formats a time for people: the course's time zone, with its name. */
  formatTime: (at: Date) => string;
}

export interface StuckColumn {
  /** The CSV header (English, like the matrix export). */
  header: string;
  value: (student: StuckStudent, context: StuckListContext) => string | number | null | undefined;
}

/** One list on /admin: its key (URL and CSV name), Russian title, core query and CSV columns. */
export interface StuckListDefinition {
  key: string;
  title: (context: StuckListContext) => string;
  list: (database: Database, context: StuckListContext) => Promise<StuckStudent[]>;
  columns: readonly StuckColumn[];
  /** Only for some courses (e.g. "never signed in" for COURSE_AUDIENCE=roster); absent = always. */
  enabled?: (config: StuckListsConfig) => boolean;
}

/** The settings the lists read. */
export type StuckListsConfig = Pick<
  Config,
  'staff' | 'timeZone' | 'stuckAfterDays' | 'courseAudience'
>;
