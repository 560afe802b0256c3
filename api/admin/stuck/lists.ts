/**
 * The registry of /admin's "who is stuck" lists. One entry per list; adding a list is one entry
 * here. "Never signed in" applies to a roster course only (COURSE_AUDIENCE=roster).
 */
import { isStaff } from '../staff.ts';
import { csvCell } from '../matrix.ts';
import type { Database } from '#api/db/client.ts';
import { ru } from '#api/i18n/ru.ts';
import { listLinkedNotInCourse, listRosterNeverSignedIn } from '#api/roster/roster.ts';
import { listNeverLinkedStepik, listNoRecentProgress } from './queries.ts';
import type {
  StuckColumn,
  StuckListContext,
  StuckListDefinition,
  StuckListsConfig,
  StuckStudent,
} from './types.ts';

const t = ru.adminStuck.lists;
const DAY_IN_MS = 24 * 60 * 60_000;

const STUDENT_COLUMNS: readonly StuckColumn[] = [
  { header: 'user_id', value: (s) => s.id },
  { header: 'email', value: (s) => s.email },
  { header: 'first_name', value: (s) => s.firstName },
  { header: 'last_name', value: (s) => s.lastName },
  { header: 'stepik_user_id', value: (s) => s.stepikUserId },
  { header: 'telegram_id', value: (s) => s.telegramId },
];

export const STUCK_LISTS: readonly StuckListDefinition[] = [
  {
    key: 'never-linked-stepik',
    title: () => t.neverLinkedStepik,
    list: (database) => listNeverLinkedStepik(database),
    columns: STUDENT_COLUMNS,
  },
  {
    key: 'no-recent-progress',
    title: (c) => t.noRecentProgress(c.stuckAfterDays),
    list: (database, c) =>
      listNoRecentProgress(database, new Date(c.now.getTime() - c.stuckAfterDays * DAY_IN_MS)),
    columns: [
      ...STUDENT_COLUMNS,
      {
        header: 'last_progress_at',
        value: (s, c) => (s.lastProgressAt ? c.formatTime(s.lastProgressAt) : ''),
      },
    ],
  },
  {
    key: 'not-in-course',
    title: () => t.linkedNotInCourse,
    list: (database) => listLinkedNotInCourse(database),
    columns: STUDENT_COLUMNS,
  },
  {
    key: 'roster-never-signed-in',
    title: () => t.rosterNeverSignedIn,
    list: (database) => listRosterNeverSignedIn(database),
    columns: STUDENT_COLUMNS,
    enabled: (config) => config.courseAudience === 'roster',
  },
];

/** The lists this course has (some apply only to some courses). */
export function activeStuckLists(config: StuckListsConfig): StuckListDefinition[] {
  return STUCK_LISTS.filter((list) => list.enabled?.(config) ?? true);
}

export function findStuckList(
  key: string,
  config: StuckListsConfig,
): StuckListDefinition | undefined {
  return activeStuckLists(config).find((list) => list.key === key);
}

export interface StuckListResult {
  key: string;
  title: string;
  students: StuckStudent[];
}

/** "2026-03-05 14:30 (Europe/Moscow)": times for staff, always with the zone's name. */
export function courseTimeFormatter(timeZone: string): (at: Date) => string {
  const format = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  return (at) => `${format.format(at)} (${timeZone})`;
}

export function stuckListContext(
  config: Pick<StuckListsConfig, 'timeZone' | 'stuckAfterDays'>,
  now: Date = new Date(),
): StuckListContext {
  return {
    now,
    stuckAfterDays: config.stuckAfterDays,
    formatTime: courseTimeFormatter(config.timeZone),
  };
}

async function runList(
  database: Database,
  config: Pick<StuckListsConfig, 'staff'>,
  list: StuckListDefinition,
  context: StuckListContext,
): Promise<StuckListResult> {
  // Staff have accounts too; they are nobody's worry here.
  const students = (await list.list(database, context)).filter((s) => !isStaff(s, config));
  return { key: list.key, title: list.title(context), students };
}

/** Every list with its students, for the page's counts and tables. */
export async function loadStuckLists(
  database: Database,
  config: StuckListsConfig,
  now?: Date,
): Promise<StuckListResult[]> {
  const context = stuckListContext(config, now);
  const results: StuckListResult[] = [];
  for (const list of activeStuckLists(config))
    results.push(await runList(database, config, list, context));
  return results;
}

/** One list as CSV (UTF-8 with BOM so Excel reads Cyrillic, like the matrix export). */
export async function stuckListCsv(
  database: Database,
  config: StuckListsConfig,
  list: StuckListDefinition,
  now?: Date,
): Promise<string> {
  const context = stuckListContext(config, now);
  const { students } = await runList(database, config, list, context);
  const lines = [
    list.columns.map((c) => csvCell(c.header)).join(','),
    ...students.map((s) => list.columns.map((c) => csvCell(c.value(s, context))).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
