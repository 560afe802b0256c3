/** course.yaml's watching rules (`watched`, `requires`) and release dates (`available_from`, `days_after_start`). */
import { describe, expect, it } from 'vitest';
import { ContentError, listLessons, parseCourseYaml } from '#api/course/load.ts';

function problemsOf(text: string): string[] {
  try {
    parseCourseYaml(text);
  } catch (error) {
    if (error instanceof ContentError)
      return error.problems.map((p) => `${p.line ?? '-'}:${p.field ?? ''}: ${p.message}`);
    throw error;
  }
  throw new Error('expected a ContentError');
}

const video = (n: number) =>
  `videos: [{ code: Abcdef${String(n).padStart(2, '0')}, title: "видео" }]`;

/** Three lessons a → b → c in one module, c second in position but listed last. */
const course = (
  courseExtra: string,
  lessonExtra: Record<string, string> = {},
  moduleExtra = '',
) => `course:
  title: Курс
  stepik_course_id: 5
${courseExtra}modules:
  - title: Модуль
${moduleExtra}    lessons:
      - { slug: a, title: A, lesson_id: 1, ${video(1)}${lessonExtra.a ?? ''} }
      - { slug: b, title: B, lesson_id: 2, ${video(2)}${lessonExtra.b ?? ''} }
      - { slug: c, title: C, lesson_id: 3, ${video(3)}${lessonExtra.c ?? ''} }
`;

const lessonsOf = (text: string) => listLessons(parseCourseYaml(text));

describe('watched: the common case in one line', () => {
  it('course-wide `unlock: { after_previous: true, watched: 0.9 }` is all-steps, after the previous lesson, with its videos watched', () => {
    const [a, b, c] = lessonsOf(course('  unlock: { after_previous: true, watched: 0.9 }\n'));
    expect(b!.unlock).toEqual({ rule: 'all-steps', after_previous: true, watched: 0.9 });
    expect(a!.watch).toEqual([]);
    expect(b!.watch).toEqual([{ lesson: 'a', watched: 0.9 }]);
    expect(c!.watch).toEqual([{ lesson: 'b', watched: 0.9 }]);
  });

  it('`requires` names any earlier lesson, alone or in a list; the previous lesson and a requirement on it merge (the higher share)', () => {
    const [, , c] = lessonsOf(
      course('  unlock: { watched: 0.5 }\n', {
        c: ', requires: [{ lesson: b, watched: 0.8 }, { lesson: a, watched: 0.9 }]',
      }),
    );
    expect(c!.watch).toEqual([
      { lesson: 'a', watched: 0.9 },
      { lesson: 'b', watched: 0.8 },
    ]);
    const [, , single] = lessonsOf(course('', { c: ', requires: { lesson: a, watched: 1 }' }));
    expect(single!.watch).toEqual([{ lesson: 'a', watched: 1 }]);
  });

  it('skips a previous lesson without videos (nothing to watch)', () => {
    const text = `course: { title: Курс, stepik_course_id: 5, unlock: { watched: 0.9 } }
modules:
  - title: М
    lessons:
      - { slug: a, title: A, lesson_id: 1 }
      - { slug: b, title: B, lesson_id: 2, ${video(2)} }
`;
    expect(lessonsOf(text).map((l) => l.watch)).toEqual([[], []]);
  });

  it.each([
    [
      'a lesson that does not exist',
      { c: ', requires: { lesson: nope, watched: 0.9 }' },
      'modules[0].lessons[2].requires[0].lesson: no lesson has slug "nope"',
    ],
    [
      'a later lesson',
      { a: ', requires: { lesson: c, watched: 0.9 }' },
      'modules[0].lessons[0].requires[0].lesson: "c" comes after this lesson in the course; name an earlier lesson',
    ],
    [
      'itself',
      { b: ', requires: { lesson: b, watched: 0.9 }' },
      'modules[0].lessons[1].requires[0].lesson: a lesson cannot require its own videos',
    ],
    [
      'no share',
      { c: ', requires: { lesson: a }' },
      'modules[0].lessons[2].requires[0].watched: is required',
    ],
    [
      'a share above 1',
      { c: ', requires: { lesson: a, watched: 90 }' },
      'modules[0].lessons[2].requires[0].watched: is a share: at most 1 (= 100%)',
    ],
  ])('refuses a requirement on %s', (_name, extra, message) => {
    expect(problemsOf(course('', extra)).map((p) => p.replace(/^\d+:/, ''))).toEqual([message]);
  });

  it('refuses a requirement on a lesson without videos', () => {
    const text = `course: { title: Курс }
modules:
  - title: М
    lessons:
      - { slug: a, title: A }
      - { slug: b, title: B, ${video(2)}, requires: { lesson: a, watched: 0.5 } }
`;
    expect(problemsOf(text)).toEqual([
      '6:modules[0].lessons[1].requires[0].lesson: "a" has no videos to watch',
    ]);
  });

  it('refuses `watched: 0` and a misspelt rule field', () => {
    expect(problemsOf(course('  unlock: { watched: 0 }\n'))).toEqual([
      '4:course.unlock.watched: must be above 0',
    ]);
    expect(problemsOf(course('  unlock: { after_previus: true }\n'))).toEqual([
      '4:course.unlock.after_previus: is not a known field (check the spelling)',
    ]);
  });

  it('lets a lesson without Stepik wait for watching with `rule: open`', () => {
    const text = `course: { title: Курс }
modules:
  - title: М
    lessons:
      - { slug: a, title: A, ${video(1)} }
      - { slug: b, title: B, ${video(2)}, unlock: { rule: open, after_previous: true, watched: 0.9 } }
`;
    const [, b] = lessonsOf(text);
    expect(b!.unlock).toEqual({ rule: 'open', after_previous: true, watched: 0.9 });
    expect(b!.watch).toEqual([{ lesson: 'a', watched: 0.9 }]);
  });
});

describe('release dates', () => {
  it('reads a date, a date with a time, and days after the start', () => {
    const [a, b, c] = lessonsOf(
      course('', {
        a: ', available_from: 2026-12-10',
        b: ', available_from: "2026-12-10 10:00"',
        c: ', days_after_start: 7',
      }),
    );
    expect(a!.release).toEqual({
      availableFrom: { year: 2026, month: 12, day: 10, hour: 0, minute: 0 },
      daysAfterStart: null,
    });
    expect(b!.release).toEqual({
      availableFrom: { year: 2026, month: 12, day: 10, hour: 10, minute: 0 },
      daysAfterStart: null,
    });
    expect(c!.release).toEqual({ availableFrom: null, daysAfterStart: 7 });
  });

  it('inherits course → module → lesson per field; null or 0 on a lesson cancels', () => {
    const lessons = lessonsOf(
      course(
        '  available_from: 2026-09-01\n',
        { b: ', available_from: null', c: ', days_after_start: 0' },
        '    days_after_start: 14\n',
      ),
    );
    expect(lessons.map((l) => l.release)).toEqual([
      { availableFrom: { year: 2026, month: 9, day: 1, hour: 0, minute: 0 }, daysAfterStart: 14 },
      { availableFrom: null, daysAfterStart: 14 },
      { availableFrom: { year: 2026, month: 9, day: 1, hour: 0, minute: 0 }, daysAfterStart: null },
    ]);
    expect(lessonsOf(course('')).map((l) => l.release)).toEqual([null, null, null]);
  });

  it.each([
    [
      'a day that does not exist',
      ', available_from: 2026-02-30',
      'available_from: must be a date, 2026-12-10, or a date and time, 2026-12-10 10:00 (in the course time zone, TIME_ZONE)',
    ],
    [
      'a UTC time',
      ', available_from: "2026-12-10T10:00Z"',
      'available_from: must be a date, 2026-12-10, or a date and time, 2026-12-10 10:00 (in the course time zone, TIME_ZONE)',
    ],
    [
      'a number',
      ', available_from: 20261210',
      'available_from: must be a date, 2026-12-10, or a date and time, 2026-12-10 10:00 (in the course time zone, TIME_ZONE)',
    ],
    ['negative days', ', days_after_start: -1', 'days_after_start: must be 0 or more'],
    [
      'a fraction of a day',
      ', days_after_start: 1.5',
      'days_after_start: must be a whole number of days',
    ],
  ])('refuses %s', (_name, extra, message) => {
    expect(problemsOf(course('', { a: extra }))).toEqual([`7:modules[0].lessons[0].${message}`]);
  });
});
