import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ContentError,
  loadCourseContent,
  parseCourseYaml,
  parseLessonMarkdown,
} from '#api/course/load.ts';
import { toPublicCourse } from '#api/course/public.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

const minimal = (lessonYaml: string, extra = ''): string => `course:
  title: Курс
${extra}modules:
  - title: Модуль
    lessons:
${lessonYaml}`;

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ContentError)
      return error.problems.map((p) => `${p.line ?? '-'}:${p.field ?? ''}: ${p.message}`);
    throw error;
  }
  throw new Error('expected a ContentError');
}

describe('parseCourseYaml', () => {
  it('reads the tree, sorts by position and numbers lessons through the course', () => {
    const course = parseCourseYaml(`course: { title: "Курс", stepik_course_id: 5 }
modules:
  - title: Второй
    position: 2
    lessons:
      - { slug: c, title: C, lesson_id: 3 }
  - title: Первый
    position: 1
    lessons:
      - { slug: b, title: B, lesson_id: 2, position: 2, videos: [{ code: Abcdefg2, title: "часть 1" }, { code: Abcdefg3, title: "часть 2" }] }
      - { slug: a, title: A, lesson_id: null, position: 1 }
`);
    expect(course.stepikCourseId).toBe(5);
    expect(course.modules.map((m) => m.title)).toEqual(['Первый', 'Второй']);
    expect(course.modules.flatMap((m) => m.lessons.map((l) => `${l.number}:${l.slug}`))).toEqual([
      '1:a',
      '2:b',
      '3:c',
    ]);
    expect(course.modules[0]!.lessons[1]!.videos.map((v) => v.title)).toEqual([
      'часть 1',
      'часть 2',
    ]);
    expect(course.modules[0]!.lessons[0]!.stepikLessonId).toBeNull();
  });

  it.each([
    [
      'a missing title',
      '      - { slug: a, lesson_id: 1 }\n',
      /^6:modules\[0\]\.lessons\[0\]\.title: is required$/,
    ],
    [
      'a bad slug',
      '      - { slug: "Урок 1", title: A }\n',
      /lessons\[0\]\.slug: must be lower-case latin/,
    ],
    [
      'a text lesson id',
      '      - { slug: a, title: A, lesson_id: "x1" }\n',
      /lessons\[0\]\.lesson_id: .*expected number/,
    ],
    [
      'a short media code',
      '      - { slug: a, title: A, videos: [{ code: abc, title: p }] }\n',
      /videos\[0\]\.code: must be a Boomstream media code/,
    ],
    [
      'a misspelt field',
      '      - { slug: a, title: A, lesson_Id: 4 }\n',
      /lessons\[0\]\.lesson_Id: is not a known field/,
    ],
    [
      'a duplicate slug',
      '      - { slug: a, title: A }\n      - { slug: a, title: B }\n',
      /lessons\[1\]\.slug: slug "a" is already used by modules\[0\]\.lessons\[0\]/,
    ],
    [
      'a duplicate lesson id',
      '      - { slug: a, title: A, lesson_id: 7 }\n      - { slug: b, title: B, lesson_id: 7 }\n',
      /lessons\[1\]\.lesson_id: Stepik lesson 7 is already used/,
    ],
    [
      'a duplicate code',
      '      - { slug: a, title: A, videos: [{ code: Abcdefg1, title: x }] }\n      - { slug: b, title: B, videos: [{ code: Abcdefg1, title: y }] }\n',
      /lessons\[1\]\.videos\[0\]\.code: media code is already used/,
    ],
  ])('rejects %s with the line and field', (_name, lessons, expected) => {
    const problems = problemsOf(() => parseCourseYaml(minimal(lessons)));
    expect(
      problems.some((p) => expected.test(p)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('reports invalid YAML with its line', () => {
    expect(problemsOf(() => parseCourseYaml('course:\n  title: [unclosed\n'))[0]).toMatch(
      /^\d+:: not valid YAML/,
    );
  });

  it('points at the line of the offending field', () => {
    const problems = problemsOf(() =>
      parseCourseYaml(minimal('      - slug: a\n        title: A\n        lesson_id: -1\n')),
    );
    expect(problems).toEqual([expect.stringMatching(/^8:modules\[0\]\.lessons\[0\]\.lesson_id: /)]);
  });
});

describe('parseLessonMarkdown', () => {
  it('splits the frontmatter from the body', () => {
    const { frontmatter, body } = parseLessonMarkdown(
      '\uFEFF---\ndescription: "Коротко"\ntitle: Заголовок\n---\n\n# Текст\n',
      'x.md',
    );
    expect(frontmatter).toEqual({ description: 'Коротко', title: 'Заголовок' });
    expect(body).toBe('\n# Текст\n');
  });

  it.each([
    ['no frontmatter', '# Текст', /^1:: must start with a frontmatter block/],
    ['an empty frontmatter', '---\n---\ntext', /^\d+:description: is required$/],
    ['a missing description', '---\ntitle: T\n---\n', /^2:description: is required$/],
    ['an unknown field', '---\ndescription: d\nslug: x\n---\n', /^3:slug: is not a known field/],
  ])('rejects %s', (_name, text, expected) => {
    expect(problemsOf(() => parseLessonMarkdown(text, 'content/lessons/x.md'))).toEqual([
      expect.stringMatching(expected),
    ]);
  });
});

describe('loadCourseContent', () => {
  let dir = '';
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));
  const copyDemo = (): string => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'content-'));
    cpSync(path.join(ROOT, 'content'), dir, { recursive: true });
    return dir;
  };

  it('loads the demo course: 3 modules, 10+ lessons, every lesson with a body', () => {
    const { course, lessons } = loadCourseContent(path.join(ROOT, 'content'));
    expect(course.demo).toBe(true);
    expect(course.modules).toHaveLength(3);
    expect(lessons.size).toBeGreaterThanOrEqual(10);
    for (const l of course.modules.flatMap((m) => m.lessons)) {
      expect(lessons.get(l.slug)?.frontmatter.description).toBeTruthy();
      for (const v of l.videos) expect(v.code).toMatch(/^[A-Za-z0-9]{8}$/);
    }
  });

  it('names a lesson whose Markdown file is missing, and a file no lesson lists', () => {
    const d = copyDemo();
    unlinkSync(path.join(d, 'lessons', 'lists.md'));
    writeFileSync(path.join(d, 'lessons', 'stray.md'), '---\ndescription: d\n---\n');
    const error = (() => {
      try {
        loadCourseContent(d);
      } catch (e) {
        return e as ContentError;
      }
    })();
    expect(error?.message).toContain(
      'lessons/lists.md: is missing: course.yaml lists the lesson "lists"',
    );
    expect(error?.message).toContain('lessons/stray.md: is not listed in course.yaml');
  });

  it('keeps media codes out of the public course model', () => {
    const { course } = loadCourseContent(path.join(ROOT, 'content'));
    const text = JSON.stringify(toPublicCourse(course));
    for (const code of course.modules.flatMap((m) =>
      m.lessons.flatMap((l) => l.videos.map((v) => v.code)),
    ))
      expect(text).not.toContain(code);
  });
});
