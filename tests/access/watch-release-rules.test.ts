/**
 * The unlock rules with watching (`watched`, `requires`) and release dates (`available_from`,
 * `days_after_start`), from course.yaml text through the course model to computeStudentAccess:
 * every combination of steps × watched × previous × explicit requires × already open, and
 * not_yet against every other reason.
 */
import { describe, expect, it } from 'vitest';
import { describeReason } from '#api/access/reason-text.ts';
import { lessonReasonText } from '#api/access/lesson-reason.ts';
import {
  CLOSED_REASONS,
  ENROLLED,
  type Override,
  type StudentStanding,
} from '#api/access/rules.ts';
import { studentStart } from '#api/access/standing.ts';
import {
  computeStudentAccess,
  formatAvailableAt,
  toProgressEntry,
  type AccessContext,
  type ProgressRow,
  type StudentLesson,
} from '#api/access/student-access.ts';
import { parseCourseYaml } from '#api/course/load.ts';
import type { Course } from '#api/course/schema.ts';
import { ru } from '#api/i18n/ru.ts';

const STEPS: Record<number, number[]> = { 1: [11, 12], 2: [21, 22], 3: [31, 32, 33] };
const stepIds = new Map(Object.entries(STEPS).map(([id, steps]) => [Number(id), steps]));
const video = (n: number) =>
  `videos: [{ code: Abcdef${String(n).padStart(2, '0')}, title: "видео" }]`;

/** z → a → b: b is the lesson under test; its rule and requirement vary. */
function watchCourse(o: {
  afterPrevious: boolean;
  watchedRule: boolean;
  requires: boolean;
}): Course {
  const rule = [o.afterPrevious ? 'after_previous: true' : '', o.watchedRule ? 'watched: 0.9' : '']
    .filter(Boolean)
    .join(', ');
  return parseCourseYaml(`course: { title: Курс, stepik_course_id: 5 }
modules:
  - title: М
    lessons:
      - { slug: z, title: "Зет", lesson_id: 1, ${video(1)} }
      - { slug: a, title: "Переменные", lesson_id: 2, ${video(2)} }
      - { slug: b, title: "Бэ", lesson_id: 3, ${video(3)}${rule ? `, unlock: { ${rule} }` : ''}${o.requires ? ', requires: { lesson: z, watched: 0.8 }' : ''} }
`);
}

const row = (lessonId: number, passed: boolean, unlockedAt: Date | null = null): ProgressRow => ({
  lessonId,
  passedStepIds: passed ? STEPS[lessonId]! : [],
  score: 0,
  unlockedAt,
});
const NOW = new Date('2026-12-02T12:00:00Z');
const context = (over: Partial<AccessContext> = {}): AccessContext => ({
  now: NOW,
  timeZone: 'Europe/Moscow',
  start: new Date('2026-12-01T09:00:00Z'),
  watched: new Map(),
  ...over,
});
const stateOf = (item: StudentLesson) =>
  `${item.access.open ? 'open' : 'closed'}:${item.access.reason}`;

describe('watching: every combination for the lesson after', () => {
  type Combo = {
    afterPrevious: boolean;
    watchedRule: boolean;
    requires: boolean;
    stepsDone: boolean;
    aOpen: boolean;
    aWatched: number;
    zWatched: number;
    alreadyOpen: boolean;
  };
  const combos: Combo[] = [];
  for (const afterPrevious of [false, true])
    for (const watchedRule of [false, true])
      for (const requires of [false, true])
        for (const stepsDone of [false, true])
          for (const aOpen of [false, true])
            // 0.9 exactly meets 0.9; 0.8 exactly meets 0.8: the boundary counts as watched.
            for (const aWatched of [0.64, 0.9])
              for (const zWatched of [0.79, 0.8])
                for (const alreadyOpen of [false, true])
                  combos.push({
                    afterPrevious,
                    watchedRule,
                    requires,
                    stepsDone,
                    aOpen,
                    aWatched,
                    zWatched,
                    alreadyOpen,
                  });

  /** What the README promises, written independently of rules.ts. */
  function expected(c: Combo): string {
    if (c.alreadyOpen) return 'open:unlocked';
    const previousOk = !c.afterPrevious || c.aOpen;
    const zOk = !c.requires || c.zWatched >= 0.8;
    const aOk = !c.watchedRule || c.aWatched >= 0.9;
    if (c.stepsDone && previousOk && zOk && aOk) return 'open:rule';
    if (!previousOk) return 'closed:previous';
    // The earliest lesson to watch is named first: z comes before a.
    if (!zOk) return 'closed:watch:z';
    if (!aOk) return 'closed:watch:a';
    return 'closed:steps';
  }

  it.each(
    combos.map(
      (c) =>
        [
          Object.entries(c)
            .map(([k, v]) => `${k}=${v}`)
            .join(' '),
          c,
        ] as const,
    ),
  )('%s', (_name, c) => {
    const course = watchCourse(c);
    // a is open by a staff grant, or closed with its steps not passed.
    const overrides = new Map<string, Override>(c.aOpen ? [['a', 'grant']] : []);
    const progress = [
      row(1, false),
      row(2, false),
      row(3, c.stepsDone, c.alreadyOpen ? new Date('2026-11-30T00:00:00Z') : null),
    ];
    const watched = new Map([
      ['z', c.zWatched],
      ['a', c.aWatched],
    ]);
    const b = computeStudentAccess(
      course,
      stepIds,
      progress,
      overrides,
      ENROLLED,
      context({ watched }),
    ).find((l) => l.lesson.slug === 'b')!;
    const got = `${stateOf(b)}${b.access.reason === 'watch' ? `:${b.access.watch!.lesson}` : ''}`;
    expect(got).toBe(expected(c));
    if (b.access.reason === 'watch') {
      const lesson = b.access.watch!.lesson;
      expect(b.access.watch).toEqual({
        lesson,
        title: lesson === 'z' ? 'Зет' : 'Переменные',
        watched: lesson === 'z' ? c.zWatched : c.aWatched,
        required: lesson === 'z' ? 0.8 : 0.9,
      });
    }
  });

  it('words the reason as the student reads it: "посмотрено 64 % видео урока «…», нужно 90 %", with a way to the videos', () => {
    const course = watchCourse({ afterPrevious: true, watchedRule: true, requires: false });
    const items = computeStudentAccess(
      course,
      stepIds,
      [row(2, true), row(3, true)],
      new Map([['a', 'grant']]),
      ENROLLED,
      context({ watched: new Map([['a', 0.649]]) }),
    );
    const b = items.find((l) => l.lesson.slug === 'b')!;
    const text = lessonReasonText(course, b)!;
    expect(text.badge).toBe('посмотрено 64\u00a0% видео урока «Переменные», нужно 90\u00a0%');
    expect(text.sentence).toBe(
      'Видео откроется, когда вы посмотрите 90\u00a0% видео урока «Переменные».',
    );
    expect(text.hint).toBe('Посмотрено 64\u00a0%.');
    expect(text.action).toEqual({ label: 'Смотреть видео урока «Переменные»', url: '/lessons/a' });
    expect(toProgressEntry(b)).toMatchObject({
      slug: 'b',
      unlocked: false,
      reason: 'watch',
      watch: { lesson: 'a', title: 'Переменные', watched: 0.649, required: 0.9 },
    });
    expect(toProgressEntry(b)).not.toHaveProperty('availableAt');
  });

  it('says 89 %, never 90 %, while 89.9 % of 90 % is watched', () => {
    const text = describeReason('watch', ru.reasons, {
      stepsPassed: 0,
      stepsTotal: 0,
      progressTemplate: ru.site.state.progressTemplate,
      stepsForms: ru.site.state.stepsForms,
      stepikLessonUrl: null,
      stepikCourseUrl: null,
      previousLessonUrl: null,
      watch: { title: 'А', url: '/lessons/a', watched: 0.899, required: 0.9 },
    });
    expect(text.badge).toBe('посмотрено 89\u00a0% видео урока «А», нужно 90\u00a0%');
  });

  it('never closes what watching or the rules opened: a later drop in the share keeps a recorded unlock', () => {
    const course = watchCourse({ afterPrevious: false, watchedRule: true, requires: false });
    const items = computeStudentAccess(
      course,
      stepIds,
      [row(3, true, new Date('2026-12-01T00:00:00Z'))],
      new Map(),
      ENROLLED,
      context({ watched: new Map() }),
    );
    expect(stateOf(items.find((l) => l.lesson.slug === 'b')!)).toBe('open:unlocked');
  });
});

/** a (dated as given) → b (after_previous) → c (requires a watched). */
function datedCourse(dated: string, extra = ''): Course {
  return parseCourseYaml(`course: { title: Курс, stepik_course_id: 5${extra} }
modules:
  - title: М
    lessons:
      - { slug: a, title: "Словари", lesson_id: 1, ${video(1)}, ${dated} }
      - { slug: b, title: "Бэ", lesson_id: 2, ${video(2)}, unlock: { after_previous: true } }
      - { slug: c, title: "Цэ", lesson_id: 3, ${video(3)}, requires: { lesson: a, watched: 0.5 } }
`);
}

describe('release dates', () => {
  const passedAll = [row(1, true), row(2, true), row(3, true)];
  const unlinked: StudentStanding = {
    onCourse: true,
    stepikLinked: false,
    missingFromCourse: false,
  };
  const stranger: StudentStanding = {
    onCourse: false,
    stepikLinked: true,
    missingFromCourse: false,
  };
  const a = (
    course: Course,
    over: {
      progress?: ProgressRow[];
      overrides?: [string, Override][];
      standing?: StudentStanding;
      context?: Partial<AccessContext>;
    } = {},
  ) =>
    computeStudentAccess(
      course,
      stepIds,
      over.progress ?? passedAll,
      new Map(over.overrides ?? []),
      over.standing ?? ENROLLED,
      context(over.context),
    );

  it('not_yet carries when it opens; it opens at the boundary minute in the course time zone, not a millisecond before', () => {
    const course = datedCourse('available_from: "2026-12-10 10:00"');
    const before = a(course, { context: { now: new Date('2026-12-10T06:59:59.999Z') } })[0]!;
    expect(stateOf(before)).toBe('closed:not_yet');
    expect(before.access.availableAt!.toISOString()).toBe('2026-12-10T07:00:00.000Z');
    expect(stateOf(a(course, { context: { now: new Date('2026-12-10T07:00:00.000Z') } })[0]!)).toBe(
      'open:rule',
    );
    // Another zone: 10:00 in Yekaterinburg (UTC+5) is 05:00 UTC.
    const east = a(course, {
      context: { now: new Date('2026-12-10T05:00:00.000Z'), timeZone: 'Asia/Yekaterinburg' },
    })[0]!;
    expect(stateOf(east)).toBe('open:rule');
    expect(
      a(course, {
        context: { now: new Date('2026-12-10T04:59:00.000Z'), timeZone: 'Asia/Yekaterinburg' },
      })[0]!.access.availableAt!.toISOString(),
    ).toBe('2026-12-10T05:00:00.000Z');
  });

  it("days_after_start counts from the student's start", () => {
    const course = datedCourse('days_after_start: 7');
    const start = new Date('2026-12-01T09:30:00Z');
    const closed = a(course, { context: { start, now: new Date('2026-12-08T09:29:00Z') } })[0]!;
    expect(closed.access.availableAt!.toISOString()).toBe('2026-12-08T09:30:00.000Z');
    expect(
      stateOf(a(course, { context: { start, now: new Date('2026-12-08T09:30:00Z') } })[0]!),
    ).toBe('open:rule');
    // The later of the two when both are set.
    const both = datedCourse('days_after_start: 7, available_from: 2026-12-20');
    expect(
      a(both, {
        context: { start, now: new Date('2026-12-15T00:00:00Z') },
      })[0]!.access.availableAt!.toISOString(),
    ).toBe('2026-12-19T21:00:00.000Z');
  });

  it("the start is the roster date when on the roster, else the account's creation", () => {
    const createdAt = new Date('2026-11-01T00:00:00Z');
    expect(studentStart({ rosterAddedAt: new Date('2026-11-20T00:00:00Z'), createdAt })).toEqual(
      new Date('2026-11-20T00:00:00Z'),
    );
    expect(studentStart({ rosterAddedAt: null, createdAt })).toEqual(createdAt);
  });

  const FUTURE = 'available_from: 2026-12-10';
  it.each<[string, Parameters<typeof a>[1], string]>([
    ['alone: steps passed, the date not come', {}, 'closed:not_yet'],
    ['not_yet > stepik_not_linked', { standing: unlinked, progress: [] }, 'closed:not_yet'],
    ['not_yet > steps', { progress: [] }, 'closed:not_yet'],
    ['not_a_student > not_yet', { standing: stranger }, 'closed:not_a_student'],
    ['revoked > not_yet', { overrides: [['a', 'revoke']] }, 'closed:revoked'],
    ['a staff grant opens before the date', { overrides: [['a', 'grant']] }, 'open:granted'],
    [
      'an unlock recorded before the date was set holds',
      { progress: [row(1, true, new Date('2026-11-01T00:00:00Z'))] },
      'open:unlocked',
    ],
  ])('%s', (_name, over, expectedState) => {
    expect(stateOf(a(datedCourse(FUTURE), over)[0]!)).toBe(expectedState);
  });

  it('closed > not_yet', () => {
    const course = parseCourseYaml(`course: { title: Курс, stepik_course_id: 5 }
modules:
  - title: М
    lessons:
      - { slug: a, title: A, lesson_id: 1, ${video(1)}, available_from: 2026-12-10, unlock: { rule: closed } }
`);
    expect(stateOf(a(course)[0]!)).toBe('closed:closed');
  });

  it('not_yet > previous and > watch on the lesson itself; lessons after a dated one wait for it', () => {
    const course = parseCourseYaml(`course: { title: Курс, stepik_course_id: 5 }
modules:
  - title: М
    lessons:
      - { slug: a, title: A, lesson_id: 1, ${video(1)} }
      - { slug: b, title: B, lesson_id: 2, ${video(2)}, unlock: { after_previous: true, watched: 0.9 }, available_from: 2026-12-10 }
      - { slug: c, title: C, lesson_id: 3, ${video(3)}, unlock: { after_previous: true } }
`);
    expect(a(course, { progress: [row(2, true), row(3, true)] }).map(stateOf)).toEqual([
      'closed:steps',
      'closed:not_yet',
      'closed:previous',
    ]);
  });

  it('a dated lesson without Stepik opens by date alone', () => {
    const course = parseCourseYaml(`course: { title: Курс, stepik_course_id: 5 }
modules:
  - title: М
    lessons:
      - { slug: bonus, title: Бонус, ${video(1)}, available_from: 2026-12-10 }
`);
    expect(stateOf(a(course, { progress: [], standing: unlinked })[0]!)).toBe('closed:not_yet');
    expect(
      stateOf(
        a(course, {
          progress: [],
          standing: unlinked,
          context: { now: new Date('2026-12-10T00:00:00Z') },
        })[0]!,
      ),
    ).toBe('open:rule');
  });

  it('words it "откроется 10 декабря в 10:00 (МСК)" and the progress entry carries availableAt', () => {
    const item = a(datedCourse('available_from: "2026-12-10 10:00"'))[0]!;
    const course = datedCourse('available_from: "2026-12-10 10:00"');
    // The year is left out within the current year (NOW is in 2026).
    const words = (at: Date) => formatAvailableAt(at, 'Europe/Moscow', NOW);
    const text = lessonReasonText(course, item, words)!;
    expect(text.badge).toBe('откроется 10 декабря в 10:00 (МСК)');
    expect(text.sentence).toBe('Видео откроется 10 декабря в 10:00 (МСК).');
    expect(text.action).toBeNull();
    expect(toProgressEntry(item, words)).toEqual({
      lessonId: 1,
      slug: 'a',
      stepsPassed: 2,
      stepsTotal: 2,
      unlocked: false,
      reason: 'not_yet',
      availableAt: '2026-12-10T07:00:00.000Z',
      availableText: '10 декабря в 10:00 (МСК)',
    });
  });

  it('lists the precedence in one place', () => {
    expect(CLOSED_REASONS).toEqual([
      'not_a_student',
      'revoked',
      'closed',
      'not_yet',
      'stepik_not_linked',
      'not_in_course',
      'previous',
      'watch',
      'steps',
    ]);
  });
});
