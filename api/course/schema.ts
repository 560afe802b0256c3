/**
 * The one schema for the course content: `content/course.yaml` (the tree) and the
 * frontmatter of `content/lessons/<slug>.md`. Used by the Astro content loaders, by the
 * API/bot course model and by the menu_tree converter, so all three agree.
 */
import { z } from 'zod';

/** Boomstream media code: 8 ASCII letters or digits, case-sensitive. */
export const MEDIA_CODE_PATTERN = /^[A-Za-z0-9]{8}$/;
/** Lesson slug: lower-case latin letters and digits separated by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const stepikId = z.number().int().positive();

const afterPrevious = z.boolean().optional();

/**
 * When a lesson's video opens. Default: every step of the Stepik lesson passed.
 * `after_previous: true` also requires the previous lesson (in course order) to be open.
 */
export const unlockRuleSchema = z.discriminatedUnion(
  'rule',
  [
    z.strictObject({ rule: z.literal('all-steps'), after_previous: afterPrevious }),
    z.strictObject({ rule: z.literal('share'), min: z.number().gt(0, 'must be above 0').max(1, 'is a share: at most 1 (= 100%)'), after_previous: afterPrevious }),
    z.strictObject({ rule: z.literal('score'), min: z.number().positive('must be above 0'), after_previous: afterPrevious }),
    z.strictObject({ rule: z.literal('steps'), steps: z.array(z.number().int().positive()).min(1, 'name at least one step position'), after_previous: afterPrevious }),
    z.strictObject({ rule: z.literal('open') }),
    z.strictObject({ rule: z.literal('closed') }),
  ],
  { error: 'must have rule: all-steps, share, score, steps, open or closed' },
);

export type UnlockRule = z.infer<typeof unlockRuleSchema>;

/** The longest video a part may be (a day): a longer `duration` is a typo. */
export const MAX_VIDEO_SECONDS = 86_400;

/** `754` (seconds) or `"12:34"` / `"1:02:03"`: the video's length, what watching is measured against. */
const videoDuration = z.union([
  z.number().positive('must be above 0 seconds').max(MAX_VIDEO_SECONDS, 'must be at most a day (86400 seconds)'),
  z
    .string()
    .regex(/^(?:\d+:)?[0-5]?\d:[0-5]\d$/, 'must be seconds (754) or minutes:seconds ("12:34") or hours:minutes:seconds ("1:02:03")')
    .transform((v) => v.split(':').map(Number).reduce((sum, n) => sum * 60 + n, 0))
    .refine((v) => v > 0 && v <= MAX_VIDEO_SECONDS, 'must be above 0 and at most a day'),
]);

export const videoPartSchema = z.strictObject({
  code: z.string().regex(MEDIA_CODE_PATTERN, 'must be a Boomstream media code: 8 latin letters or digits'),
  title: z.string().trim().min(1, 'must not be empty'),
  /** Optional: the video's length; without it the first report of each student fixes it. */
  duration: videoDuration.optional(),
});

export const lessonEntrySchema = z.strictObject({
  slug: z.string().regex(SLUG_PATTERN, 'must be lower-case latin letters, digits and single hyphens, e.g. "intro-1"'),
  title: z.string().trim().min(1, 'must not be empty'),
  lesson_id: stepikId.nullable().default(null),
  position: z.number().int().positive().optional(),
  videos: z.array(videoPartSchema).default([]),
  unlock: unlockRuleSchema.optional(),
});

export const moduleEntrySchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty'),
  stepik_section_id: stepikId.nullable().default(null),
  position: z.number().int().positive().optional(),
  lessons: z.array(lessonEntrySchema).min(1, 'a module needs at least one lesson'),
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
      lessons_without_stepik: z.enum(['open', 'closed'], { error: 'must be "open" or "closed"' }).default('open'),
    }),
    modules: z.array(moduleEntrySchema).min(1, 'the course needs at least one module'),
  })
  .superRefine((file, ctx) => {
    const seen = { slug: new Map<string, string>(), lesson: new Map<number, string>(), code: new Map<string, string>() };
    const modulePositions = new Set<number>();
    file.modules.forEach((mod, m) => {
      if (mod.position !== undefined) {
        if (modulePositions.has(mod.position)) {
          ctx.addIssue({ code: 'custom', path: ['modules', m, 'position'], message: `position ${mod.position} is used by another module` });
        }
        modulePositions.add(mod.position);
      }
      const lessonPositions = new Set<number>();
      mod.lessons.forEach((lesson, l) => {
        const here = `modules[${m}].lessons[${l}]`;
        const at = (field: string | number, ...rest: (string | number)[]) => ['modules', m, 'lessons', l, field, ...rest];
        const slugOwner = seen.slug.get(lesson.slug);
        if (slugOwner) ctx.addIssue({ code: 'custom', path: at('slug'), message: `slug "${lesson.slug}" is already used by ${slugOwner}` });
        seen.slug.set(lesson.slug, here);
        if (lesson.lesson_id !== null) {
          const owner = seen.lesson.get(lesson.lesson_id);
          if (owner) ctx.addIssue({ code: 'custom', path: at('lesson_id'), message: `Stepik lesson ${lesson.lesson_id} is already used by ${owner}; put several videos of one lesson under "videos"` });
          seen.lesson.set(lesson.lesson_id, here);
        }
        const rule = lesson.unlock ?? file.course.unlock;
        if (lesson.lesson_id === null && rule && rule.rule !== 'open' && rule.rule !== 'closed' && lesson.unlock) {
          ctx.addIssue({ code: 'custom', path: at('unlock'), message: `rule "${rule.rule}" needs a Stepik lesson (lesson_id); use open or closed` });
        }
        if (lesson.position !== undefined) {
          if (lessonPositions.has(lesson.position)) ctx.addIssue({ code: 'custom', path: at('position'), message: `position ${lesson.position} is used by another lesson of this module` });
          lessonPositions.add(lesson.position);
        }
        lesson.videos.forEach((video, v) => {
          const owner = seen.code.get(video.code);
          if (owner) ctx.addIssue({ code: 'custom', path: at('videos', v, 'code'), message: `media code is already used by ${owner}` });
          seen.code.set(video.code, `${here}.videos[${v}]`);
        });
      });
    });
  });

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

function resolveRule(file: CourseFile, lesson: CourseFile['modules'][number]['lessons'][number]): UnlockRule {
  if (lesson.lesson_id === null) {
    const own = lesson.unlock;
    if (own && (own.rule === 'open' || own.rule === 'closed')) return own;
    return { rule: file.course.lessons_without_stepik };
  }
  return lesson.unlock ?? file.course.unlock ?? { rule: 'all-steps' };
}

/** Turns the validated file into the course model: sorted by position, numbered. */
export function toCourse(file: CourseFile): Course {
  const modules = file.modules
    .map((mod, i) => ({ mod, position: mod.position ?? i + 1, i }))
    .sort((a, b) => a.position - b.position || a.i - b.i);
  let number = 0;
  return {
    title: file.course.title,
    description: file.course.description,
    stepikCourseId: file.course.stepik_course_id,
    demo: file.course.demo,
    modules: modules.map(({ mod, position }, index) => ({
      index,
      title: mod.title,
      stepikSectionId: mod.stepik_section_id,
      position,
      lessons: mod.lessons
        .map((lesson, i) => ({ lesson, position: lesson.position ?? i + 1, i }))
        .sort((a, b) => a.position - b.position || a.i - b.i)
        .map(({ lesson, position }) => ({
          slug: lesson.slug,
          title: lesson.title,
          stepikLessonId: lesson.lesson_id,
          position,
          number: ++number,
          moduleIndex: index,
          videos: lesson.videos.map((v) => ({ code: v.code, title: v.title, ...(v.duration === undefined ? {} : { duration: v.duration }) })),
          unlock: resolveRule(file, lesson),
        })),
    })),
  };
}
