/**
 * Writes an imported course into a content folder: validates first (nothing is written for an
 * invalid course), keeps the previous course.yaml as course.yaml.bak, and creates a Markdown
 * stub only for lessons that have no file yet — an edited lesson is never overwritten.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatPath } from '../load.ts';
import { courseFileSchema } from '../schema.ts';
import type { ImportedCourse } from './convert.ts';
import { MenuTreeError } from './errors.ts';
import { renderCourseYaml, renderLessonStub } from './render.ts';

export interface WriteResult {
  courseFile: string;
  /** Set when an earlier course.yaml was kept. */
  backupFile?: string;
  /** Slugs whose lessons/<slug>.md was created. */
  stubsCreated: string[];
  /** Slugs whose lessons/<slug>.md already existed and was left alone. */
  stubsKept: string[];
}

/** Throws a MenuTreeError naming the first problem when the course would not load. */
export function validateImportedCourse(course: ImportedCourse): void {
  const result = courseFileSchema.safeParse(course);
  if (result.success) return;
  const [first, ...more] = result.error.issues;
  const field = first!.path.length ? `${formatPath(first!.path as PropertyKey[])}: ` : '';
  throw new MenuTreeError(
    `the converted course is not valid: ${field}${first!.message}${more.length ? ` (and ${more.length} more problem(s))` : ''}`,
  );
}

export function writeImportedCourse(
  outDir: string,
  course: ImportedCourse,
  source: string,
): WriteResult {
  validateImportedCourse(course);
  const yamlText = renderCourseYaml(course, source);
  const lessonsDir = path.join(outDir, 'lessons');
  const courseFile = path.join(outDir, 'course.yaml');
  mkdirSync(lessonsDir, { recursive: true });

  let backupFile: string | undefined;
  if (existsSync(courseFile)) {
    backupFile = `${courseFile}.bak`;
    copyFileSync(courseFile, backupFile);
  }
  // Write beside and rename, so an interrupted run never leaves half a course.yaml.
  const temporary = `${courseFile}.${process.pid}.tmp`;
  writeFileSync(temporary, yamlText);
  renameSync(temporary, courseFile);

  const stubsCreated: string[] = [];
  const stubsKept: string[] = [];
  for (const lesson of course.modules.flatMap((m) => m.lessons)) {
    const file = path.join(lessonsDir, `${lesson.slug}.md`);
    try {
      // "wx" fails when the file exists: the check and the write are one step.
      writeFileSync(file, renderLessonStub(lesson), { flag: 'wx' });
      stubsCreated.push(lesson.slug);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      stubsKept.push(lesson.slug);
    }
  }
  return { courseFile, backupFile, stubsCreated, stubsKept };
}
