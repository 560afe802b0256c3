import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCourseContent, parseLessonMarkdown } from '#api/course/load.ts';
import type { ImportedCourse } from '#api/course/menu-tree/convert.ts';
import { MenuTreeError } from '#api/course/menu-tree/errors.ts';
import { importMenuTree } from '#api/course/menu-tree/import.ts';
import { writeImportedCourse } from '#api/course/menu-tree/write.ts';
import { fixture, snapshot, tempDir } from './support.ts';

const lessonFiles = (out: string): string[] => readdirSync(path.join(out, 'lessons')).sort();

describe('writing the content folder', () => {
  it('writes course.yaml and a stub for every lesson, and the folder loads', () => {
    const out = path.join(tempDir(), 'content');
    const report = importMenuTree({ file: fixture('sections-dict.py'), outDir: out });

    expect(report).toMatchObject({
      layout: 'sections',
      modules: 3,
      lessons: 11,
      videoParts: 14,
      reusedSlugs: 0,
      stubsKept: [],
      backupFile: undefined,
      warnings: [],
    });
    expect(report.stubsCreated).toHaveLength(11);
    expect(lessonFiles(out)).toEqual(report.stubsCreated.map((s) => `${s}.md`).sort());

    const text = readFileSync(path.join(out, 'course.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe(
      '# Сгенерировано из sections-dict.py командой `npm run cli -- content import-menu-tree`.',
    );
    expect(text).toContain('# Файл можно редактировать.');
    expect(text).toContain(
      '      - slug: urok-1-vvedenie\n        title: "Урок 1. Введение"\n        lesson_id: 1855854\n        position: 1\n',
    );
    expect(text).toContain(
      '          - { code: Xa91LpQe, title: "часть 1" }\n          - { code: Hq7VbN2c, title: "часть 2" }\n',
    );
    const data = parse(text);
    expect(data.modules.map((m: { position: number }) => m.position)).toEqual([1, 2, 3]);

    const { course, lessons } = loadCourseContent(out);
    expect(course.modules.flatMap((m) => m.lessons).map((l) => l.slug)).toEqual(
      report.stubsCreated,
    );
    const stub = lessons.get('urok-3-peremennye-i-tipy-dannykh')!;
    expect(stub.frontmatter.description).toBe(
      'Описание урока «Урок 3. Переменные и типы данных» появится позже.',
    );
    expect(stub.body).toMatch(/Материалы урока скоро появятся здесь/);
  });

  it('re-import: keeps edited lessons, reuses slugs, backs up course.yaml, adds stubs only for new lessons', () => {
    const out = tempDir();
    importMenuTree({ file: fixture('lesson-list.py'), outDir: out });
    const firstYaml = readFileSync(path.join(out, 'course.yaml'), 'utf8');

    // An editor writes a lesson, and the tree later renames it and gains a lesson.
    const edited = '---\ndescription: "Переменные в JavaScript."\n---\n\nНастоящий текст урока.\n';
    writeFileSync(path.join(out, 'lessons', 'urok-2-peremennye-let-i-const.md'), edited);
    const tree = readFileSync(fixture('lesson-list.py'), 'utf8')
      .replace('Урок 2. Переменные: let и const', 'Урок 2. Переменные и константы')
      .replace(
        '\n]',
        "\n    {'title': 'Урок 11. Модули', 'lesson_id': 1857343, 'boom_media': 'Kk2Ll3Mm', 'parent': 'sec_580412'},\n]",
      );
    const file = path.join(tempDir(), 'menu_tree.py');
    writeFileSync(file, tree);
    const report = importMenuTree({ file, outDir: out, title: 'Основы JavaScript', courseId: 77 });

    expect(report.stubsCreated).toEqual(['urok-11-moduli']);
    expect(report.stubsKept).toHaveLength(10);
    expect(report.reusedSlugs).toBe(10);
    expect(report.backupFile).toBe(path.join(out, 'course.yaml.bak'));
    expect(readFileSync(path.join(out, 'course.yaml.bak'), 'utf8')).toBe(firstYaml);
    expect(
      readFileSync(path.join(out, 'lessons', 'urok-2-peremennye-let-i-const.md'), 'utf8'),
    ).toBe(edited);

    const { course, lessons } = loadCourseContent(out);
    expect(course.title).toBe('Основы JavaScript');
    expect(course.stepikCourseId).toBe(77);
    const renamed = course.modules[0]!.lessons[1]!;
    expect([renamed.title, renamed.slug]).toEqual([
      'Урок 2. Переменные и константы',
      'urok-2-peremennye-let-i-const',
    ]);
    expect(lessons.get('urok-2-peremennye-let-i-const')!.body).toBe('\nНастоящий текст урока.\n');
  });

  it('keeps an existing lesson file even for a brand-new course.yaml', () => {
    const out = tempDir();
    mkdirSync(path.join(out, 'lessons'));
    const mine = '---\ndescription: "Написано заранее."\n---\n\nТекст.\n';
    writeFileSync(path.join(out, 'lessons', 'urok-8-group-by.md'), mine);
    const report = importMenuTree({ file: fixture('flat-nodes.py'), outDir: out });
    expect(report.stubsKept).toEqual(['urok-8-group-by']);
    expect(report.stubsCreated).toHaveLength(9);
    expect(readFileSync(path.join(out, 'lessons', 'urok-8-group-by.md'), 'utf8')).toBe(mine);
  });

  it('warns about lesson files that course.yaml no longer lists', () => {
    const out = tempDir();
    mkdirSync(path.join(out, 'lessons'));
    writeFileSync(path.join(out, 'lessons', 'staryi-urok.md'), '---\ndescription: "x"\n---\n');
    const report = importMenuTree({ file: fixture('lesson-list.json'), outDir: out });
    expect(report.warnings).toEqual([
      expect.stringMatching(/staryi-urok\.md: is not listed in course\.yaml/),
    ]);
  });

  it('writes nothing when the tree is invalid', () => {
    const out = tempDir();
    importMenuTree({ file: fixture('sections-titled.py'), outDir: out });
    const before = snapshot(out);
    const file = path.join(tempDir(), 'menu_tree.py');
    // A valid tree except for one lesson near the end: nothing may be written for the rest.
    writeFileSync(
      file,
      readFileSync(fixture('sections-titled.py'), 'utf8').replace(
        "'lesson_id': 2104422",
        "'lesson_id': '21O4422'",
      ),
    );
    expect(() => importMenuTree({ file, outDir: out })).toThrow(MenuTreeError);
    expect(snapshot(out)).toEqual(before);
    expect(existsSync(path.join(out, 'course.yaml.bak'))).toBe(false);

    const fresh = path.join(tempDir(), 'fresh');
    expect(() => importMenuTree({ file, outDir: fresh })).toThrow(
      /lesson_id must be a whole number, got "21O4422"/,
    );
    expect(existsSync(fresh)).toBe(false);
  });

  it('writes nothing when the course fails the schema, and names the field', () => {
    const out = path.join(tempDir(), 'content');
    const lesson = { title: 'Урок', lesson_id: null, position: 1, videos: [] };
    const course: ImportedCourse = {
      course: { title: 'Курс', stepik_course_id: null },
      modules: [
        {
          title: 'М',
          stepik_section_id: null,
          position: 1,
          lessons: [
            { ...lesson, slug: 'urok' },
            { ...lesson, slug: 'urok', position: 2 },
          ],
        },
      ],
    };
    expect(() => writeImportedCourse(out, course, 'menu_tree.py')).toThrow(
      new MenuTreeError(
        'the converted course is not valid: modules[0].lessons[1].slug: slug "urok" is already used by modules[0].lessons[0]',
      ),
    );
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to replace a course.yaml it cannot read, keeping it as it is', () => {
    const out = tempDir();
    writeFileSync(path.join(out, 'course.yaml'), 'modules: [\n');
    expect(() => importMenuTree({ file: fixture('sections-dict.py'), outDir: out })).toThrow(
      /is not valid YAML/,
    );
    expect(readdirSync(out)).toEqual(['course.yaml']);
  });

  it('writes stubs whose frontmatter survives quotes in titles', () => {
    const out = tempDir();
    const file = path.join(tempDir(), 'tree.json');
    writeFileSync(
      file,
      JSON.stringify({ sec_1: [{ title: 'Урок "в кавычках": #1', lesson_id: 1000001 }] }),
    );
    importMenuTree({ file, outDir: out });
    const [name] = lessonFiles(out);
    expect(name).toBe('urok-v-kavychkakh-1.md');
    const { frontmatter } = parseLessonMarkdown(
      readFileSync(path.join(out, 'lessons', name!), 'utf8'),
      name!,
    );
    expect(frontmatter.description).toBe('Описание урока «Урок "в кавычках": #1» появится позже.');
    expect(loadCourseContent(out).course.modules[0]!.lessons[0]!.title).toBe(
      'Урок "в кавычках": #1',
    );
  });

  it('leaves unrelated files in the folder alone', () => {
    const out = tempDir();
    writeFileSync(path.join(out, 'README.txt'), 'не трогать');
    copyFileSync(fixture('lesson-list.json'), path.join(out, 'tree.json'));
    importMenuTree({ file: path.join(out, 'tree.json'), outDir: out });
    expect(readFileSync(path.join(out, 'README.txt'), 'utf8')).toBe('не трогать');
  });
});
