/**
 * Reads and validates the course content (course.yaml + lessons/*.md) with the one schema in
 * ./schema.ts. Every problem names the file, the line, the field and what is wrong.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isNode, isPair, isMap, type Document } from 'yaml';
import type { z } from 'zod';
import {
  courseFileSchema,
  lessonFrontmatterSchema,
  toCourse,
  type Course,
  type Lesson,
  type LessonFrontmatter,
} from './schema.ts';

export interface ContentProblem {
  file: string;
  line?: number;
  column?: number;
  field?: string;
  message: string;
}

export class ContentError extends Error {
  readonly problems: ContentProblem[];
  constructor(problems: ContentProblem[]) {
    super(
      `The course content has ${problems.length} problem(s):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
    );
    this.name = 'ContentError';
    this.problems = problems;
  }
}

export function formatProblem(p: ContentProblem): string {
  const where = p.line ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  return p.field ? `${where}: ${p.field}: ${p.message}` : `${where}: ${p.message}`;
}

/** `modules[0].lessons[2].videos[0].code` */
export function formatPath(pathParts: readonly PropertyKey[]): string {
  return pathParts
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

const requiredFieldError = (issue: { input?: unknown; code?: string }): string | undefined =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined;

function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  file: string,
  locate: (pathParts: PropertyKey[]) => { line: number; column: number } | undefined,
): ContentProblem[] {
  return issues.flatMap((issue) => {
    const base = issue.path as PropertyKey[];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        file,
        ...locate([...base, key]),
        field: formatPath([...base, key]),
        message: 'is not a known field (check the spelling)',
      }));
    }
    return [
      {
        file,
        ...locate(base),
        field: base.length ? formatPath(base) : undefined,
        message: issue.message,
      },
    ];
  });
}

function yamlLocator(doc: Document, lines: LineCounter, lineOffset = 0) {
  return (pathParts: PropertyKey[]): { line: number; column: number } => {
    // Walk down as far as the document goes; a missing field points at its parent object.
    for (let n = pathParts.length; n >= 0; n--) {
      const target = pathParts.slice(0, n);
      let node: unknown = n === 0 ? doc.contents : doc.getIn(target as unknown[], true);
      if (n > 0 && isMap(doc.getIn(target.slice(0, -1) as unknown[], true))) {
        const parent = doc.getIn(target.slice(0, -1) as unknown[], true);
        const pair = isMap(parent)
          ? parent.items.find(
              (it) =>
                isPair(it) &&
                isNode(it.key) &&
                (it.key as { value?: unknown }).value === target.at(-1),
            )
          : undefined;
        if (pair && isNode(pair.key)) node = pair.key;
      }
      if (isNode(node) && node.range) {
        const pos = lines.linePos(node.range[0]);
        return { line: pos.line + lineOffset, column: pos.col };
      }
    }
    // An empty document: point at its first line.
    return { line: 1, column: 1 };
  };
}

/** Parses the text of course.yaml. `file` is only used in messages. */
export function parseCourseYaml(text: string, file = 'content/course.yaml'): Course {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ContentError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return {
          file,
          line: pos?.line,
          column: pos?.col,
          message: `not valid YAML: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
        };
      }),
    );
  }
  const result = courseFileSchema.safeParse(doc.toJS(), { error: requiredFieldError });
  if (!result.success)
    throw new ContentError(describeIssues(result.error.issues, file, yamlLocator(doc, lines)));
  return toCourse(result.data);
}

export interface LessonSource {
  slug: string;
  file: string;
  frontmatter: LessonFrontmatter;
  body: string;
}

const FRONTMATTER = /^---[ \t]*\r?\n([\s\S]*?)^---[ \t]*(?:\r?\n|$)/m;

/** Parses one lesson Markdown file's frontmatter; the body is returned untouched. */
export function parseLessonMarkdown(
  text: string,
  file: string,
): { frontmatter: LessonFrontmatter; body: string } {
  const source = text.replace(/^\uFEFF/, '');
  const match = FRONTMATTER.exec(source);
  if (!match || match.index !== 0) {
    throw new ContentError([
      {
        file,
        line: 1,
        message:
          'must start with a frontmatter block between "---" lines (with at least "description:")',
      },
    ]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(match[1] ?? '', { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length) {
    throw new ContentError(
      doc.errors.map((e) => ({
        file,
        line: (e.linePos?.[0]?.line ?? 0) + 1,
        message: `frontmatter is not valid YAML: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    );
  }
  const data = doc.toJS() ?? {};
  const result = lessonFrontmatterSchema.safeParse(data, { error: requiredFieldError });
  if (!result.success) {
    // The frontmatter starts on line 2 of the file (after the opening ---).
    throw new ContentError(describeIssues(result.error.issues, file, yamlLocator(doc, lines, 1)));
  }
  return { frontmatter: result.data, body: source.slice(match[0].length) };
}

export interface CourseContent {
  course: Course;
  lessons: Map<string, LessonSource>;
}

const relative = (file: string): string => path.relative(process.cwd(), file) || file;

/** Loads and cross-checks the whole content folder; throws one ContentError listing every problem. */
export function loadCourseContent(contentDir: string): CourseContent {
  const courseFile = path.join(contentDir, 'course.yaml');
  if (!existsSync(courseFile))
    throw new ContentError([
      { file: relative(courseFile), message: 'is missing: the course tree must be in this file' },
    ]);
  const course = parseCourseYaml(readFileSync(courseFile, 'utf8'), relative(courseFile));

  const problems: ContentProblem[] = [];
  const lessons = new Map<string, LessonSource>();
  const lessonsDir = path.join(contentDir, 'lessons');
  const files = existsSync(lessonsDir)
    ? readdirSync(lessonsDir).filter((f) => f.endsWith('.md'))
    : [];
  const known = new Set(course.modules.flatMap((m) => m.lessons.map((l) => l.slug)));

  for (const slug of known) {
    const file = path.join(lessonsDir, `${slug}.md`);
    if (!existsSync(file)) {
      problems.push({
        file: relative(file),
        message: `is missing: course.yaml lists the lesson "${slug}"`,
      });
      continue;
    }
    try {
      lessons.set(slug, {
        slug,
        file: relative(file),
        ...parseLessonMarkdown(readFileSync(file, 'utf8'), relative(file)),
      });
    } catch (error) {
      if (error instanceof ContentError) problems.push(...error.problems);
      else throw error;
    }
  }
  for (const name of files) {
    const slug = name.slice(0, -3);
    if (!known.has(slug))
      problems.push({
        file: relative(path.join(lessonsDir, name)),
        message: `is not listed in course.yaml (no lesson has slug "${slug}")`,
      });
  }
  if (problems.length) throw new ContentError(problems);
  return { course, lessons };
}

const lessonLists = new WeakMap<Course, readonly Lesson[]>();

/**
 * Every lesson of the course in course order. A loaded course does not change (a new
 * course.yaml is a new Course), so the list is made once per course: the gate's closed answer
 * and /api/progress ask for it on every request.
 */
export function listLessons(course: Course): readonly Lesson[] {
  let lessons = lessonLists.get(course);
  if (!lessons) lessonLists.set(course, (lessons = course.modules.flatMap((m) => m.lessons)));
  return lessons;
}

const lessonIndexes = new WeakMap<Course, Map<string, number>>();

/** Where the lesson stands in `listLessons(course)` (its entry in a snapshot); -1 if not there. */
export function lessonIndex(course: Course, lesson: Pick<Lesson, 'slug'>): number {
  let indexes = lessonIndexes.get(course);
  if (!indexes)
    lessonIndexes.set(course, (indexes = new Map(listLessons(course).map((l, i) => [l.slug, i]))));
  return indexes.get(lesson.slug) ?? -1;
}
