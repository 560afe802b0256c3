/**
 * The whole import: read the menu_tree file, convert it (reusing slugs from the course.yaml
 * already in the folder), write the folder, and check that the result loads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ContentError, formatProblem, loadCourseContent } from '../load.ts';
import { convertMenuTree, type ConvertResult } from './convert.ts';
import { MenuTreeError } from './errors.ts';
import { readExistingSlugs } from './existing-slugs.ts';
import { readMenuTree } from './read-tree.ts';
import { writeImportedCourse, type WriteResult } from './write.ts';

export interface ImportOptions {
  /** The menu_tree file (.py or .json). */
  file: string;
  /** The content folder to write course.yaml and lessons/ into. */
  outDir: string;
  title?: string;
  courseId?: number;
}

export interface ImportReport extends WriteResult {
  layout: ConvertResult['layout'];
  modules: number;
  lessons: number;
  videoParts: number;
  reusedSlugs: number;
  /** Skipped empty sections, and problems loading the folder afterwards (e.g. orphaned lesson files). */
  warnings: string[];
}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MenuTreeError(
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : `cannot be read (${(error as Error).message})`,
    );
  }
}

export function importMenuTree(options: ImportOptions): ImportReport {
  const source = readMenuTree(readSource(options.file), options.file);
  const courseFile = path.join(options.outDir, 'course.yaml');
  const converted = convertMenuTree(source.tree, {
    rootName: source.rootName,
    dialect: source.dialect,
    sectionTitles: source.sectionTitles,
    existingSlugs: readExistingSlugs(courseFile),
    title: options.title,
    courseId: options.courseId,
  });
  const written = writeImportedCourse(
    options.outDir,
    converted.course,
    path.basename(options.file),
  );

  const warnings = [...converted.warnings];
  try {
    loadCourseContent(options.outDir);
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    warnings.push(...error.problems.map(formatProblem));
  }
  const lessons = converted.course.modules.flatMap((m) => m.lessons);
  return {
    ...written,
    layout: converted.layout,
    modules: converted.course.modules.length,
    lessons: lessons.length,
    videoParts: lessons.reduce((sum, l) => sum + l.videos.length, 0),
    reusedSlugs: converted.reusedSlugs,
    warnings,
  };
}
