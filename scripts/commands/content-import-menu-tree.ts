import path from 'node:path';
import { getConfig } from '#api/config.ts';
import { MenuTreeError } from '#api/course/menu-tree/errors.ts';
import { importMenuTree } from '#api/course/menu-tree/import.ts';
import { CliError, integerOption, stringOption, type Command } from '../command.ts';

export const contentImportMenuTreeCommand: Command = {
  name: 'content import-menu-tree',
  summary: 'Convert a legacy menu_tree (Python literal or JSON) into course.yaml and lesson stubs',
  usage: '<file> [--course-id N] [--title T] [--out DIR]',
  help: `
Reads the legacy course tree — a Python module with "menu_tree = {...}" (or a bare literal, or
the same tree as JSON) of entries like
  {"title": "Урок 1", "lesson_id": 1855854, "boom_media": "RPBloIDb", "parent": "sec_561993"}
— and writes <out>/course.yaml plus a Markdown stub <out>/lessons/<slug>.md for every lesson that
has no file yet. Entries of one Stepik lesson ("Урок 3 (часть 1)", "Урок 3 (часть 2)") become one
lesson with several video parts. Nothing is written if the tree has a problem; the message names
the entry. An existing course.yaml is kept as course.yaml.bak, its slugs are reused for the same
lesson_id, and existing lesson files are never overwritten.

Options:
  --course-id N  Stepik course id for course.stepik_course_id (default: from the tree, if any)
  --title T      course title (default: from the tree, else "Курс")
  --out DIR      content folder to write (default: CONTENT_DIR, i.e. content/)`,
  options: {
    'course-id': { type: 'string' },
    title: { type: 'string' },
    out: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(input, io) {
    const file = input.positionals[0]!;
    const courseId = integerOption(input, 'course-id', { min: 1 });
    const title = stringOption(input, 'title')?.trim();
    if (title === '') throw new CliError('--title must not be empty');
    const outDir = stringOption(input, 'out') ?? getConfig().contentDir;

    let report;
    try {
      report = importMenuTree({ file, outDir, title, courseId });
    } catch (error) {
      if (error instanceof MenuTreeError) throw new CliError(error.describe(file));
      throw error;
    }

    const courseFile = path.join(outDir, 'course.yaml');
    io.out(`Imported ${file} into ${courseFile}`);
    io.out(
      `  modules: ${report.modules}, lessons: ${report.lessons}, video parts: ${report.videoParts}`,
    );
    io.out(
      `  lesson stubs: ${report.stubsCreated.length} created, ${report.stubsKept.length} kept (already existed)`,
    );
    if (report.reusedSlugs)
      io.out(`  slugs kept from the previous course.yaml: ${report.reusedSlugs}`);
    if (report.backupFile) io.out(`  previous course.yaml saved as ${report.backupFile}`);
    for (const warning of report.warnings) io.err(`warning: ${warning}`);
  },
};
