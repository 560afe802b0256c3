/** The text of the files an import writes: course.yaml and a Markdown stub per new lesson. */
import { Document, isMap, isScalar, isSeq, stringify, visit } from 'yaml';
import type { ImportedCourse, ImportedLesson } from './convert.ts';

const QUOTED_KEYS = new Set(['title', 'description']);

/** course.yaml in the style of the hand-written one: quoted titles, one-line video parts. */
export function renderCourseYaml(course: ImportedCourse, source: string): string {
  const doc = new Document(course);
  doc.commentBefore = [
    ` Сгенерировано из ${source} командой \`npm run cli -- content import-menu-tree\`.`,
    ' Файл можно редактировать. Повторный импорт заменит его (прежний сохранится как course.yaml.bak),',
    ' но оставит урокам с тем же lesson_id их slug, а значит и отредактированные lessons/<slug>.md.',
  ].join('\n');
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key === 'string' && QUOTED_KEYS.has(key) && isScalar(pair.value))
        pair.value.type = 'QUOTE_DOUBLE';
      if (key === 'videos' && isSeq(pair.value))
        for (const item of pair.value.items) if (isMap(item)) item.flow = true;
      if (key === 'modules' && isSeq(pair.value)) {
        // Blank lines before "modules:" and between modules, as in the hand-written file.
        if (isScalar(pair.key)) pair.key.spaceBefore = true;
        pair.value.items.forEach((item, i) => isMap(item) && i > 0 && (item.spaceBefore = true));
      }
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** A lesson page to be written by an editor; the description is required by the schema. */
export function renderLessonStub(lesson: ImportedLesson): string {
  const frontmatter = stringify(
    { description: `Описание урока «${lesson.title}» появится позже.` },
    { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 },
  );
  return [
    '---',
    frontmatter.trimEnd(),
    '---',
    '',
    `<!-- Заготовка, созданная импортом menu_tree: замените описание выше и этот текст. Повторный импорт этот файл не перезапишет. -->`,
    '',
    'Материалы урока скоро появятся здесь. Задачи урока — на Stepik, видео откроется после их решения.',
    '',
  ].join('\n');
}
