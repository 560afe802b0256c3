/**
 * The one schema for the course content: `content/course.yaml` (the tree) and the
 * frontmatter of `content/lessons/<slug>.md`. Used by the Astro content loaders, by the
 * API/bot course model and by the menu_tree converter, so all three agree.
 */
import { z } from 'zod';
import { parseLocalDateTime, type LocalDateTime } from './release.ts';

/** Boomstream media code: 8 ASCII letters or digits, case-sensitive. */
export const MEDIA_CODE_PATTERN = /^[A-Za-z0-9]{8}$/;
/** Lesson slug: lower-case latin letters and digits separated by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const stepikId = z.number().int().positive();

const afterPrevious = z.boolean().optional();

/** A share of a lesson's videos (its parts taken together) that must be watched: 0.9 = 90 %. */
const watchedShare = z.number().gt(0, 'must be above 0').max(1, 'is a share: at most 1 (= 100%)');

/** `watched: 0.9` in a rule: the previous lesson's videos (in course order) watched to 90 % first. */
const watched = watchedShare.optional();

/**
 * When a lesson's video opens. Default: every step of the Stepik lesson passed; a rule without
 * `rule:` is `all-steps`, so `unlock: { after_previous: true, watched: 0.9 }` is one line.
 * `after_previous: true` also requires the previous lesson (in course order) to be open;
 * `watched: 0.9` requires 90 % of the previous lesson's videos watched.
 */
export const unlockRuleSchema = z.preprocess(
  (value) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) && !('rule' in value)
      ? { rule: 'all-steps', ...value }
      : value,
  z.discriminatedUnion(
    'rule',
    [
      z.strictObject({ rule: z.literal('all-steps'), after_previous: afterPrevious, watched }),
      z.strictObject({
        rule: z.literal('share'),
        min: z.number().gt(0, 'must be above 0').max(1, 'is a share: at most 1 (= 100%)'),
        after_previous: afterPrevious,
        watched,
      }),
      z.strictObject({
        rule: z.literal('score'),
        min: z.number().positive('must be above 0'),
        after_previous: afterPrevious,
        watched,
      }),
      z.strictObject({
        rule: z.literal('steps'),
        steps: z.array(z.number().int().positive()).min(1, 'name at least one step position'),
        after_previous: afterPrevious,
        watched,
      }),
      z.strictObject({ rule: z.literal('open'), after_previous: afterPrevious, watched }),
      z.strictObject({ rule: z.literal('closed') }),
    ],
    { error: 'must have rule: all-steps, share, score, steps, open or closed' },
  ),
);

export type UnlockRule = z.infer<typeof unlockRuleSchema>;

/** The longest video a part may be (a day): a longer `duration` is a typo. */
export const MAX_VIDEO_SECONDS = 86_400;

/** `754` (seconds) or `"12:34"` / `"1:02:03"`: the video's length, what watching is measured against. */
const videoDuration = z.union([
  z
    .number()
    .positive('must be above 0 seconds')
    .max(MAX_VIDEO_SECONDS, 'must be at most a day (86400 seconds)'),
  z
    .string()
    .regex(
      /^(?:\d+:)?[0-5]?\d:[0-5]\d$/,
      'must be seconds (754) or minutes:seconds ("12:34") or hours:minutes:seconds ("1:02:03")',
    )
    .transform((v) =>
      v
        .split(':')
        .map(Number)
        .reduce((sum, n) => sum * 60 + n, 0),
    )
    .refine((v) => v > 0 && v <= MAX_VIDEO_SECONDS, 'must be above 0 and at most a day'),
]);

/** `2026-12-10` or `2026-12-10 10:00`: wall-clock time in the course's time zone (TIME_ZONE). */
const AVAILABLE_FROM_MESSAGE =
  'must be a date, 2026-12-10, or a date and time, 2026-12-10 10:00 (in the course time zone, TIME_ZONE)';
const availableFrom = z
  .string({ error: AVAILABLE_FROM_MESSAGE })
  .transform((value, ctx): LocalDateTime => {
    const parsed = parseLocalDateTime(value);
    if (parsed) return parsed;
    ctx.addIssue({ code: 'custom', message: AVAILABLE_FROM_MESSAGE });
    return z.NEVER;
  })
  .nullable()
  .optional();

/**
 * Release dates, on a lesson, a module (for its lessons) or the course (for all): the nearest
 * level that names a field wins; `null` there cancels what a level above set.
 */
const releaseFields = {
  available_from: availableFrom,
  /** Days after the student's start (the roster date, else the account's creation). */
  days_after_start: z
    .number()
    .int('must be a whole number of days')
    .min(0, 'must be 0 or more')
    .nullable()
    .optional(),
};

/** `requires: { lesson: functions, watched: 0.9 }` (or a list): an earlier lesson's videos watched first. */
const watchRequirementSchema = z.strictObject({
  lesson: z.string().regex(SLUG_PATTERN, 'must be the slug of an earlier lesson'),
  watched: watchedShare,
});
const requiresSchema = z.preprocess(
  (value) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? [value] : value,
  z.array(watchRequirementSchema).min(1, 'name at least one lesson'),
);

export const videoPartSchema = z.strictObject({
  code: z
    .string()
    .regex(MEDIA_CODE_PATTERN, 'must be a Boomstream media code: 8 latin letters or digits'),
  title: z.string().trim().min(1, 'must not be empty'),
  /** Optional: the video's length; without it the first report of each student fixes it. */
  duration: videoDuration.optional(),
});

export const lessonEntrySchema = z.strictObject({
  slug: z
    .string()
    .regex(
      SLUG_PATTERN,
      'must be lower-case latin letters, digits and single hyphens, e.g. "intro-1"',
    ),
  title: z.string().trim().min(1, 'must not be empty'),
  lesson_id: stepikId.nullable().default(null),
  position: z.number().int().positive().optional(),
  videos: z.array(videoPartSchema).default([]),
  unlock: unlockRuleSchema.optional(),
  requires: requiresSchema.optional(),
  ...releaseFields,
});

export const moduleEntrySchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty'),
  stepik_section_id: stepikId.nullable().default(null),
  position: z.number().int().positive().optional(),
  lessons: z.array(lessonEntrySchema).min(1, 'a module needs at least one lesson'),
  ...releaseFields,
});

export const courseFileSchema = z
  .strictObject({
    course: z.strictObject({
      title: z.string().trim().min(1, 'must not be empty'),
      stepik_course_id: stepikId.nullable().default(null),
      description: z.string().default(''),
      demo: z.boolean().default(false),
      /** The rule for lessons that do not set their own. */
      unlock: unlockRuleSchema.optional(),
      /** Lessons with no Stepik lesson: is their video open to every signed-in student? */
      lessons_without_stepik: z
        .enum(['open', 'closed'], { error: 'must be "open" or "closed"' })
        .default('open'),
      ...releaseFields,
    }),
    modules: z.array(moduleEntrySchema).min(1, 'the course needs at least one module'),
  })
  .superRefine((file, ctx) => {
    const seen = {
      slug: new Map<string, string>(),
      lesson: new Map<number, string>(),
      code: new Map<string, string>(),
    };
    const modulePositions = new Set<number>();
    file.modules.forEach((mod, m) => {
      if (mod.position !== undefined) {
        if (modulePositions.has(mod.position)) {
          ctx.addIssue({
            code: 'custom',
            path: ['modules', m, 'position'],
            message: `position ${mod.position} is used by another module`,
          });
        }
        modulePositions.add(mod.position);
      }
      const lessonPositions = new Set<number>();
      mod.lessons.forEach((lesson, l) => {
        const here = `modules[${m}].lessons[${l}]`;
        const at = (field: string | number, ...rest: (string | number)[]) => [
          'modules',
          m,
          'lessons',
          l,
          field,
          ...rest,
        ];
        const slugOwner = seen.slug.get(lesson.slug);
        if (slugOwner)
          ctx.addIssue({
            code: 'custom',
            path: at('slug'),
            message: `slug "${lesson.slug}" is already used by ${slugOwner}`,
          });
        seen.slug.set(lesson.slug, here);
        if (lesson.lesson_id !== null) {
          const owner = seen.lesson.get(lesson.lesson_id);
          if (owner)
            ctx.addIssue({
              code: 'custom',
              path: at('lesson_id'),
              message: `Stepik lesson ${lesson.lesson_id} is already used by ${owner}; put several videos of one lesson under "videos"`,
            });
          seen.lesson.set(lesson.lesson_id, here);
        }
        const rule = lesson.unlock ?? file.course.unlock;
        if (
          lesson.lesson_id === null &&
          rule &&
          rule.rule !== 'open' &&
          rule.rule !== 'closed' &&
          lesson.unlock
        ) {
          ctx.addIssue({
            code: 'custom',
            path: at('unlock'),
            message: `rule "${rule.rule}" needs a Stepik lesson (lesson_id); use open or closed`,
          });
        }
        if (lesson.position !== undefined) {
          if (lessonPositions.has(lesson.position))
            ctx.addIssue({
              code: 'custom',
              path: at('position'),
              message: `position ${lesson.position} is used by another lesson of this module`,
            });
          lessonPositions.add(lesson.position);
        }
        lesson.videos.forEach((video, v) => {
          const owner = seen.code.get(video.code);
          if (owner)
            ctx.addIssue({
              code: 'custom',
              path: at('videos', v, 'code'),
              message: `media code is already used by ${owner}`,
            });
          seen.code.set(video.code, `${here}.videos[${v}]`);
        });
      });
    });
    checkRequires(file, ctx);
  });

interface OrderableFile<L extends { position?: number | undefined }> {
  modules: readonly { position?: number | undefined; lessons: readonly L[] }[];
}

/** The file's lessons in course order: modules by position, then lessons by position (ties keep the file's order). */
function orderedLessons<L extends { position?: number | undefined }>(
  file: OrderableFile<L>,
): { entry: L; moduleIndex: number; position: number }[] {
  return file.modules
    .map((mod, i) => ({ mod, position: mod.position ?? i + 1, i }))
    .sort((a, b) => a.position - b.position || a.i - b.i)
    .flatMap(({ mod }, moduleIndex) =>
      mod.lessons
        .map((entry, i) => ({ entry, position: entry.position ?? i + 1, i }))
        .sort((a, b) => a.position - b.position || a.i - b.i)
        .map(({ entry, position }) => ({ entry, moduleIndex, position })),
    );
}

type RequiringLesson = {
  slug: string;
  position?: number | undefined;
  videos: readonly unknown[];
  requires?: readonly { lesson: string }[] | undefined;
};

/** Each `requires` names an earlier lesson (in course order) that has videos to watch. */
function checkRequires(file: OrderableFile<RequiringLesson>, ctx: z.RefinementCtx): void {
  const order = orderedLessons(file).map((l) => l.entry);
  const index = new Map(order.map((l, i) => [l.slug, i]));
  file.modules.forEach((mod, m) =>
    mod.lessons.forEach((lesson, l) =>
      lesson.requires?.forEach((req, r) => {
        const path = ['modules', m, 'lessons', l, 'requires', r, 'lesson'];
        const at = index.get(req.lesson);
        const self = index.get(lesson.slug)!;
        const message =
          at === undefined
            ? `no lesson has slug "${req.lesson}"`
            : at === self
              ? 'a lesson cannot require its own videos'
              : at > self
                ? `"${req.lesson}" comes after this lesson in the course; name an earlier lesson`
                : order[at]!.videos.length === 0
                  ? `"${req.lesson}" has no videos to watch`
                  : null;
        if (message) ctx.addIssue({ code: 'custom', path, message });
      }),
    ),
  );
}

export type CourseFile = z.infer<typeof courseFileSchema>;
export type CourseFileInput = z.input<typeof courseFileSchema>;

/** Frontmatter of `content/lessons/<slug>.md`. */
export const lessonFrontmatterSchema = z.strictObject({
  /** Page heading; defaults to the lesson title in course.yaml. */
  title: z.string().trim().min(1, 'must not be empty').optional(),
  /** One or two sentences: shown in the course tree, the bot's lesson card and the page description. */
  description: z.string().trim().min(1, 'must not be empty'),
});

export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;

export interface VideoPart {
  code: string;
  title: string;
  /** Seconds, when course.yaml gives it (`duration:`); the watch reports are checked against it. */
  duration?: number;
}

/** When a lesson is released, as course.yaml says it (resolved over lesson, module and course). */
export interface LessonRelease {
  /** Wall-clock time in the course time zone. */
  availableFrom: LocalDateTime | null;
  /** Days after the student's start; null or 0: none. */
  daysAfterStart: number | null;
}

/** A lesson whose videos must be watched (a share of their total length) before this one opens. */
export interface WatchRequirement {
  lesson: string;
  watched: number;
}

export interface Lesson {
  slug: string;
  title: string;
  stepikLessonId: number | null;
  /** 1-based position inside its module. */
  position: number;
  /** 1-based position in the whole course. */
  number: number;
  moduleIndex: number;
  videos: VideoPart[];
  /** The rule in force: the lesson's own, else the course's, else the defaults. */
  unlock: UnlockRule;
  /** Null when the lesson has no release date. */
  release: LessonRelease | null;
  /** From the rule's `watched` (the previous lesson) and `requires`: earliest lesson first. */
  watch: WatchRequirement[];
}

export interface Module {
  index: number;
  title: string;
  stepikSectionId: number | null;
  position: number;
  lessons: Lesson[];
}

export interface Course {
  title: string;
  description: string;
  stepikCourseId: number | null;
  demo: boolean;
  modules: Module[];
}

type LessonEntry = CourseFile['modules'][number]['lessons'][number];
type ModuleEntry = CourseFile['modules'][number];

function resolveRule(file: CourseFile, lesson: LessonEntry): UnlockRule {
  if (lesson.lesson_id === null) {
    const own = lesson.unlock;
    if (own && (own.rule === 'open' || own.rule === 'closed')) return own;
    return { rule: file.course.lessons_without_stepik };
  }
  return lesson.unlock ?? file.course.unlock ?? { rule: 'all-steps' };
}

function resolveRelease(
  file: CourseFile,
  mod: ModuleEntry,
  lesson: LessonEntry,
): LessonRelease | null {
  const pick = <K extends 'available_from' | 'days_after_start'>(key: K) =>
    (lesson[key] !== undefined
      ? lesson[key]
      : mod[key] !== undefined
        ? mod[key]
        : file.course[key]) ?? null;
  const availableFrom = pick('available_from');
  const daysAfterStart = pick('days_after_start') || null;
  return availableFrom || daysAfterStart ? { availableFrom, daysAfterStart } : null;
}

/** The previous lesson's `watched` (when it has videos) and the lesson's own `requires`, one entry per lesson (the higher share), in course order. */
function resolveWatch(
  rule: UnlockRule,
  lesson: LessonEntry,
  previous: LessonEntry | undefined,
  order: ReadonlyMap<string, number>,
): WatchRequirement[] {
  const wanted = new Map<string, number>();
  const add = (slug: string, share: number) =>
    wanted.set(slug, Math.max(share, wanted.get(slug) ?? 0));
  if ('watched' in rule && rule.watched !== undefined && previous && previous.videos.length > 0)
    add(previous.slug, rule.watched);
  for (const req of lesson.requires ?? []) add(req.lesson, req.watched);
  return [...wanted]
    .map(([slug, share]) => ({ lesson: slug, watched: share }))
    .sort((a, b) => (order.get(a.lesson) ?? 0) - (order.get(b.lesson) ?? 0));
}

/** Turns the validated file into the course model: sorted by position, numbered. */
export function toCourse(file: CourseFile): Course {
  const ordered = orderedLessons(file);
  const order = new Map(ordered.map((o, i) => [o.entry.slug, i]));
  const sortedModules = file.modules
    .map((mod, i) => ({ mod, position: mod.position ?? i + 1, i }))
    .sort((a, b) => a.position - b.position || a.i - b.i);
  const lessons: Lesson[] = ordered.map(({ entry, moduleIndex, position }, i) => {
    const unlock = resolveRule(file, entry);
    return {
      slug: entry.slug,
      title: entry.title,
      stepikLessonId: entry.lesson_id,
      position,
      number: i + 1,
      moduleIndex,
      videos: entry.videos.map((v) => ({
        code: v.code,
        title: v.title,
        ...(v.duration === undefined ? {} : { duration: v.duration }),
      })),
      unlock,
      release: resolveRelease(file, sortedModules[moduleIndex]!.mod, entry),
      watch: resolveWatch(unlock, entry, ordered[i - 1]?.entry, order),
    };
  });
  return {
    title: file.course.title,
    description: file.course.description,
    stepikCourseId: file.course.stepik_course_id,
    demo: file.course.demo,
    modules: sortedModules.map(({ mod, position }, index) => ({
      index,
      title: mod.title,
      stepikSectionId: mod.stepik_section_id,
      position,
      lessons: lessons.filter((l) => l.moduleIndex === index),
    })),
  };
}
