/**
 * The logical schema, written once for both dialects (see ./kit.ts). Column names are
 * snake_case in the database and in dumps; camelCase in code.
 *
 * Order matters: `defineTables` returns tables parents-first, which dump/load rely on.
 */
import type { SchemaKit } from './kit.ts';

export interface VideoPartRow {
  code: string;
  title: string;
}

export type RosterSource = 'boomstream' | 'telegram' | 'cli';

export function defineTables(k: SchemaKit) {
  const users = k.table('users', {
    id: k.id(),
    /** Stored lower-cased: emails compare case-insensitively everywhere. */
    email: k.text('email').unique(),
    /** A slow hash (scrypt) of the 9-digit Boomstream password, never the password itself. */
    boomPassword: k.text('boom_password'),
    stepikUserId: k.bigint('stepik_user_id').unique(),
    telegramId: k.bigint('telegram_id').unique(),
    googleSub: k.text('google_sub').unique(),
    firstName: k.text('first_name').notNull().default(''),
    lastName: k.text('last_name').notNull().default(''),
    createdAt: k.createdAt(),
    updatedAt: k.createdAt('updated_at'),
    /** When stepik_user_id was last set here; a sync that started earlier cannot call them missing. */
    stepikLinkedAt: k.timestamp('stepik_linked_at'),
    /** The start of the latest sync that found them in the grade book (or a class). */
    stepikSeenAt: k.timestamp('stepik_seen_at'),
    /** Set by a complete sync since linking that did not find them; cleared when one does. */
    stepikMissingSince: k.timestamp('stepik_missing_since'),
    /** The latest sign-in by any way (the staff list "on the roster, never signed in"). */
    lastSignedInAt: k.timestamp('last_signed_in_at'),
  });

  /** Per-viewer Boomstream access (ppv buyer): the id_recovery hash for one user and one video. */
  const passwords = k.table(
    'passwords',
    {
      id: k.id(),
      userId: k
        .integer('user_id')
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      mediaCode: k.text('media_code').notNull(),
      password: k.text('password').notNull(),
      endDate: k.timestamp('end_date'),
      active: k.boolean('active').notNull().default(true),
      createdAt: k.createdAt(),
      updatedAt: k.createdAt('updated_at'),
    },
    (t) => [k.uniqueIndex('passwords_user_media_idx').on(t.userId, t.mediaCode)],
  );

  /** Stepik sections of the course, as last synced. */
  const stepikModules = k.table('stepik_modules', {
    id: k.bigint('id').primaryKey(),
    courseId: k.bigint('course_id'),
    title: k.text('title').notNull(),
    position: k.integer('position').notNull(),
    updatedAt: k.createdAt('updated_at'),
  });

  /** Stepik lessons with their steps (from Stepik) and video parts (from content/course.yaml). */
  const stepikLessons = k.table(
    'stepik_lessons',
    {
      id: k.bigint('id').primaryKey(),
      moduleId: k.bigint('module_id').references(() => stepikModules.id, { onDelete: 'set null' }),
      slug: k.text('slug').unique(),
      title: k.text('title').notNull(),
      position: k.integer('position').notNull(),
      stepIds: k
        .json<number[]>('step_ids')
        .notNull()
        .$defaultFn(() => []),
      videos: k
        .json<VideoPartRow[]>('videos')
        .notNull()
        .$defaultFn(() => []),
      updatedAt: k.createdAt('updated_at'),
    },
    (t) => [k.index('stepik_lessons_module_idx').on(t.moduleId)],
  );

  /** Everyone we have seen on Telegram (bot, Login Widget, Mini App, group import). */
  const telegramUsers = k.table(
    'telegram_users',
    {
      telegramId: k.bigint('telegram_id').primaryKey(),
      userId: k.integer('user_id').references(() => users.id, { onDelete: 'set null' }),
      username: k.text('username'),
      firstName: k.text('first_name').notNull().default(''),
      lastName: k.text('last_name'),
      languageCode: k.text('language_code'),
      phone: k.text('phone'),
      photoUrl: k.text('photo_url'),
      /** Set when the bot learns the user blocked it; the notifier skips them. */
      blockedAt: k.timestamp('blocked_at'),
      createdAt: k.createdAt(),
      updatedAt: k.createdAt('updated_at'),
    },
    (t) => [k.index('telegram_users_user_idx').on(t.userId)],
  );

  /** Lucia-style sessions: `id` is the SHA-256 (hex) of the token in the cookie. */
  const sessions = k.table(
    'sessions',
    {
      id: k.text('id').primaryKey(),
      userId: k
        .integer('user_id')
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      expiresAt: k.timestamp('expires_at').notNull(),
      createdAt: k.createdAt(),
    },
    (t) => [k.index('sessions_user_idx').on(t.userId)],
  );

  /** Per-user per-Stepik-lesson progress as last synced; `unlocked_at` is set once. */
  const lessonProgress = k.table(
    'lesson_progress',
    {
      userId: k
        .integer('user_id')
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      lessonId: k.bigint('lesson_id').notNull(),
      stepsPassed: k.integer('steps_passed').notNull().default(0),
      stepsTotal: k.integer('steps_total').notNull().default(0),
      score: k.real('score').notNull().default(0),
      passedStepIds: k
        .json<number[]>('passed_step_ids')
        .notNull()
        .$defaultFn(() => []),
      unlockedAt: k.timestamp('unlocked_at'),
      /** When a sync last saw more steps passed (or a higher score) than before: /admin's "stuck" list reads it. */
      progressedAt: k.timestamp('progressed_at'),
      updatedAt: k.createdAt('updated_at'),
    },
    (t) => [
      k.primaryKey({ columns: [t.userId, t.lessonId] }),
      k.index('lesson_progress_lesson_idx').on(t.lessonId),
    ],
  );

  /**
   * Failed-attempt counters for sign-in throttling, shared by every web instance. `key` is
   * the SHA-256 of "account:<email>" or "address:<ip>", so no email or address is stored.
   */
  const authThrottles = k.table('auth_throttles', {
    key: k.text('key').primaryKey(),
    failures: k.integer('failures').notNull().default(0),
    lockedUntil: k.timestamp('locked_until'),
    lastFailureAt: k.timestamp('last_failure_at'),
  });

  /** Staff decisions per student and lesson; a revoke wins over progress, a grant opens. */
  const accessOverrides = k.table(
    'access_overrides',
    {
      userId: k
        .integer('user_id')
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      lessonSlug: k.text('lesson_slug').notNull(),
      action: k.text('action').$type<'grant' | 'revoke'>().notNull(),
      /** Who decided: a staff email, "cli:<os user>", … */
      actor: k.text('actor').notNull(),
      reason: k.text('reason'),
      createdAt: k.createdAt(),
    },
    (t) => [k.primaryKey({ columns: [t.userId, t.lessonSlug] })],
  );

  /** Outbox of "your video is open" messages; the bot sends each once and marks it. */
  const unlockEvents = k.table(
    'unlock_events',
    {
      id: k.id(),
      userId: k
        .integer('user_id')
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      lessonSlug: k.text('lesson_slug').notNull(),
      unlockedAt: k.timestamp('unlocked_at').notNull(),
      createdAt: k.createdAt(),
      sentAt: k.timestamp('sent_at'),
      /** Set instead of sent_at when the message will never go (no Telegram, bot blocked). */
      skippedAt: k.timestamp('skipped_at'),
      attempts: k.integer('attempts').notNull().default(0),
      nextAttemptAt: k.timestamp('next_attempt_at'),
      lastError: k.text('last_error'),
    },
    (t) => [
      k.uniqueIndex('unlock_events_user_lesson_idx').on(t.userId, t.lessonSlug),
      k.index('unlock_events_pending_idx').on(t.sentAt, t.skippedAt),
    ],
  );

  /** One row per sync run (structure, progress, or one student): what the admin page shows. */
  const syncRuns = k.table('sync_runs', {
    id: k.id(),
    kind: k.text('kind').$type<'structure' | 'progress' | 'linked' | 'student'>().notNull(),
    status: k.text('status').$type<'running' | 'ok' | 'failed'>().notNull(),
    startedAt: k.timestamp('started_at').notNull(),
    finishedAt: k.timestamp('finished_at'),
    students: k.integer('students').notNull().default(0),
    lessonsUnlocked: k.integer('lessons_unlocked').notNull().default(0),
    requests: k.integer('requests').notNull().default(0),
    message: k.text('message'),
  });

  /**
   * Who is a student under COURSE_AUDIENCE=roster: put here by staff (the Boomstream CSV
   * import, a Telegram group match, `cli students add`). One row per student; `source` says how.
   */
  const courseRoster = k.table('course_roster', {
    userId: k
      .integer('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    source: k.text('source').$type<RosterSource>().notNull(),
    addedAt: k.createdAt('added_at'),
  });

  /**
   * Outbox of Telegram messages to staff about the sync ("failed", "works again"): one row per
   * run that started or ended a failure streak and per staff Telegram id; the bot worker sends
   * each once. The unique index makes queuing the same alert twice a no-op.
   */
  const staffAlerts = k.table(
    'staff_alerts',
    {
      id: k.id(),
      runId: k
        .integer('run_id')
        .notNull()
        .references(() => syncRuns.id, { onDelete: 'cascade' }),
      kind: k.text('kind').$type<'sync_failed' | 'sync_recovered'>().notNull(),
      telegramId: k.bigint('telegram_id').notNull(),
      createdAt: k.createdAt(),
      sentAt: k.timestamp('sent_at'),
      skippedAt: k.timestamp('skipped_at'),
      attempts: k.integer('attempts').notNull().default(0),
      nextAttemptAt: k.timestamp('next_attempt_at'),
      lastError: k.text('last_error'),
    },
    (t) => [
      k.uniqueIndex('staff_alerts_run_recipient_idx').on(t.runId, t.telegramId),
      k.index('staff_alerts_pending_idx').on(t.sentAt, t.skippedAt),
    ],
  );

  /** Named leases across processes (the sync takes "sync"); a lease expires if its holder dies. */
  const locks = k.table('locks', {
    name: k.text('name').primaryKey(),
    holder: k.text('holder').notNull(),
    acquiredAt: k.timestamp('acquired_at').notNull(),
    expiresAt: k.timestamp('expires_at').notNull(),
  });

  /**
   * One-time links that bind a browser or a Telegram chat to a signed-in student: only the
   * SHA-256 (hex) of the token is stored; `used_at` is set once, by one conditional UPDATE.
   */
  const linkTokens = k.table(
    'link_tokens',
    {
      id: k.text('id').primaryKey(),
      purpose: k.text('purpose').$type<'stepik_link' | 'telegram_link'>().notNull(),
      userId: k
        .integer('user_id')
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      expiresAt: k.timestamp('expires_at').notNull(),
      usedAt: k.timestamp('used_at'),
      createdAt: k.createdAt(),
    },
    (t) => [k.index('link_tokens_expires_idx').on(t.expiresAt)],
  );

  /**
   * What a student watched of one video (a lesson's part), reported by the player in the browser
   * (POST /api/watch/:lessonId): the union of watched intervals in seconds of the video, never
   * more per report than the wall clock since `last_report_at` allows (api/watch/intervals.ts).
   * Keyed by the media code, so reordering a lesson's parts or renaming its slug keeps it; logs
   * name the part by its index, never the code.
   */
  const watchProgress = k.table(
    'watch_progress',
    {
      userId: k
        .integer('user_id')
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      mediaCode: k.text('media_code').notNull(),
      /** The lesson it was last reported for (informational: the course decides which lesson holds it). */
      lessonSlug: k.text('lesson_slug').notNull(),
      /** Sorted, disjoint [start, end] pairs in seconds of the video. */
      intervals: k
        .json<[number, number][]>('intervals')
        .notNull()
        .$defaultFn(() => []),
      watchedSeconds: k.real('watched_seconds').notNull().default(0),
      /** The video's length in seconds, as the course or the first report fixed it. */
      duration: k.real('duration').notNull(),
      lastReportAt: k.timestamp('last_report_at').notNull(),
      createdAt: k.createdAt(),
      updatedAt: k.createdAt('updated_at'),
    },
    (t) => [k.primaryKey({ columns: [t.userId, t.mediaCode] })],
  );

  /**
   * How far a periodic job has got, by name: "release" — every release date up to `at` has been
   * turned into unlocks and their messages (api/release/scheduler.ts). It only moves forward.
   */
  const scheduleMarks = k.table('schedule_marks', {
    name: k.text('name').primaryKey(),
    at: k.timestamp('at').notNull(),
  });

  /**
   * Derived, never dumped (rebuilt on demand): a version per student of everything their access
   * is computed from, moved by triggers (migration 0008) whenever one of those rows really
   * changes — lesson_progress, access_overrides, watch_progress, course_roster and the users
   * columns the rules read; user_id 0 is the course itself (stepik_lessons: the steps of each
   * lesson). A trigger, not the code that writes, so no writer (the sync, an import, a load, a
   * staff member with psql) can forget it. See api/access/snapshot.ts.
   */
  const accessMarks = k.table('access_marks', {
    userId: k.bigint('user_id').primaryKey(),
    version: k.bigint('version').notNull().default(0),
  });

  /**
   * Derived, never dumped: every lesson's access of one student as last computed, with the
   * versions it was computed from (access_marks), the course and settings (`course_key`) and the
   * first release date still to come (`valid_until`). The gate's closed answer and /api/progress
   * read it instead of computing the course again; a stale one is recomputed. See
   * api/access/snapshot.ts.
   */
  const accessSnapshots = k.table('access_snapshots', {
    userId: k
      .integer('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    version: k.bigint('version').notNull(),
    epoch: k.bigint('epoch').notNull(),
    courseKey: k.text('course_key').notNull(),
    validUntil: k.timestamp('valid_until'),
    lessons: k.json<unknown[]>('lessons').notNull(),
    computedAt: k.createdAt('computed_at'),
  });

  return {
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
  };
}

export type Tables = ReturnType<typeof defineTables>;
export type TableName = keyof Tables;
