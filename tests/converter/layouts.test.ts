import { describe, expect, it } from 'vitest';
import { courseFileSchema } from '#api/course/schema.ts';
import type { ImportedCourse } from '#api/course/menu-tree/convert.ts';
import { convertFixture, convertText } from './support.ts';

const lessonsOf = (course: ImportedCourse) => course.modules.flatMap((m) => m.lessons);
const titles = (course: ImportedCourse, m: number) =>
  course.modules[m]!.lessons.map((l) => l.title);
const find = (course: ImportedCourse, title: string) =>
  lessonsOf(course).find((l) => l.title === title)!;

describe('every fixture converts to a valid course', () => {
  it.each([
    ['sections-dict.py', 'sections', 3, 11, 14, 'urok-1-vvedenie'],
    ['sections-titled.py', 'sections', 3, 9, 10, 'urok-1-znakomstvo-s-excel'],
    ['flat-nodes.py', 'nodes', 3, 10, 10, 'urok-1-chto-takoe-baza-dannykh'],
    ['lesson-list.py', 'lesson-list', 3, 10, 11, 'urok-1-gde-vypolniaetsia-javascript'],
    ['lesson-list.json', 'lesson-list', 3, 10, 10, 'urok-1-zachem-nuzhen-git'],
  ])('%s', (name, layout, modules, lessons, videos, firstSlug) => {
    const result = convertFixture(name);
    expect(result.layout).toBe(layout);
    expect(courseFileSchema.safeParse(result.course).success).toBe(true);
    expect(result.course.modules).toHaveLength(modules);
    expect(lessonsOf(result.course)).toHaveLength(lessons);
    expect(lessonsOf(result.course).reduce((n, l) => n + l.videos.length, 0)).toBe(videos);
    expect(result.course.modules[0]!.lessons[0]!.slug).toBe(firstSlug);
    // Positions are explicit and consecutive.
    expect(result.course.modules.map((m) => m.position)).toEqual(
      result.course.modules.map((_, i) => i + 1),
    );
    for (const mod of result.course.modules)
      expect(mod.lessons.map((l) => l.position)).toEqual(mod.lessons.map((_, i) => i + 1));
  });
});

describe('(a) sections holding lesson lists: sections-dict.py', () => {
  const { course, warnings } = convertFixture('sections-dict.py');

  it('keeps the sections in order of appearance, with their Stepik ids and default titles', () => {
    expect(course.modules.map((m) => [m.title, m.stepik_section_id])).toEqual([
      ['Модуль 1', 561993],
      ['Модуль 2', 561994],
      ['Модуль 3', 562010],
    ]);
    expect(course.course).toEqual({ title: 'Курс', stepik_course_id: null });
    expect(warnings).toEqual([]);
  });

  it('merges parts of one lesson and orders them by part number', () => {
    expect(titles(course, 1)).toEqual([
      'Урок 4. Списки и кортежи',
      'Урок 5. Словари',
      'Урок 6. Циклы',
    ]);
    expect(find(course, 'Урок 4. Списки и кортежи')).toEqual({
      slug: 'urok-4-spiski-i-kortezhi',
      title: 'Урок 4. Списки и кортежи',
      lesson_id: 1855902,
      position: 1,
      videos: [
        { code: 'Lw3eYu8D', title: 'часть 1' },
        { code: 'p0ZrT5sK', title: 'часть 2' },
      ],
    });
    expect(find(course, 'Урок 6. Циклы').videos.map((v) => v.code)).toEqual([
      'b8JmQ2xT',
      'Vd4kS9aP',
      'Zt2Wn7hE',
    ]);
    expect(find(course, 'Урок 7. Библиотека pandas').videos).toEqual([
      { code: 'Qm5Xc3Lr', title: 'часть 1' },
      { code: 'Jf8Hs6Ku', title: 'часть 2' },
    ]);
  });

  it('handles lessons without a video or without a Stepik id', () => {
    expect(find(course, 'Тест по разделу')).toMatchObject({ lesson_id: 1855870, videos: [] });
    expect(find(course, 'Урок 9. Итоговый проект')).toMatchObject({
      lesson_id: null,
      videos: [{ code: 'Ro9Ev2Nb', title: 'Видео' }],
    });
    expect(find(course, 'Бонус: полезные ссылки')).toMatchObject({
      lesson_id: null,
      videos: [],
      slug: 'bonus-poleznye-ssylki',
    });
  });

  it('decodes escapes in titles', () => {
    expect(titles(course, 2)).toContain('Урок 8. Графики в «matplotlib»');
  });
});

describe('(a) sections as titled dicts: sections-titled.py', () => {
  const { course, warnings } = convertFixture('sections-titled.py');

  it('takes the course title and id from the tree', () => {
    expect(course.course).toEqual({ title: 'Excel для бухгалтеров', stepik_course_id: 184502 });
  });

  it('orders sections and lessons by their position fields', () => {
    expect(course.modules.map((m) => [m.title, m.stepik_section_id])).toEqual([
      ['Модуль 1. Интерфейс и ввод данных', 601121],
      ['Модуль 2. Формулы', 601122],
      ['Модуль 3. Сводные таблицы', 601123],
    ]);
    expect(titles(course, 2)).toEqual([
      'Урок 7. Сводные таблицы',
      'Урок 8. Вычисляемые поля',
      'Урок 9. Срезы и временные шкалы',
    ]);
  });

  it('reads lessons from "children" as well as "lessons"', () => {
    expect(titles(course, 0)).toEqual([
      'Урок 1. Знакомство с Excel',
      'Урок 2. Ввод и форматирование данных',
      'Урок 3. Листы и книги',
    ]);
  });

  it('skips an empty section with a warning naming it', () => {
    expect(warnings).toEqual([
      'MENU_TREE["sections"]["sec_601124"] ("Модуль 4. Макросы (в разработке)"): skipped, the section has no lessons',
    ]);
  });

  it('lets options override the title and the course id', () => {
    expect(
      convertFixture('sections-titled.py', { title: 'Новый курс', courseId: 5 }).course.course,
    ).toEqual({ title: 'Новый курс', stepik_course_id: 5 });
  });
});

describe('(b) flat node dict: flat-nodes.py', () => {
  const { course } = convertFixture('flat-nodes.py');

  it('orders sections by the root children and takes the course title from the root', () => {
    expect(course.course.title).toBe('SQL с нуля');
    expect(course.modules.map((m) => [m.title, m.stepik_section_id])).toEqual([
      ['Основы SELECT', 570301],
      ['Соединения таблиц', 570302],
      ['Группировка и агрегаты', 570303],
    ]);
  });

  it('puts lessons listed in children first, in that order, then lessons that only name their parent', () => {
    expect(titles(course, 0)).toEqual([
      'Урок 1. Что такое база данных',
      'Урок 2. SELECT и FROM',
      'Урок 3. Фильтрация: WHERE',
      'Урок 4. Сортировка и LIMIT',
    ]);
    expect(titles(course, 1)).toEqual([
      'Урок 5. Связи между таблицами',
      'Урок 6. INNER JOIN',
      'Урок 7. LEFT JOIN',
    ]);
    expect(find(course, 'Урок 7. LEFT JOIN').videos).toEqual([
      { code: 'Uv1Wx4Yz', title: 'часть 1' },
      { code: 'Za7Bc0De', title: 'часть 2' },
    ]);
  });

  it('fills a section without children from the lessons pointing to it', () => {
    expect(course.modules[2]!.lessons.map((l) => [l.title, l.lesson_id, l.videos.length])).toEqual([
      ['Урок 8. GROUP BY', 1873321, 1],
      ['Урок 9. HAVING', 1873322, 1],
      ['Урок 10. Итоговая практика', 1873323, 0],
    ]);
  });
});

describe('(c) flat list of lessons', () => {
  it('lesson-list.py: orders sections by the separate SECTIONS mapping and takes titles from it', () => {
    const { course } = convertFixture('lesson-list.py');
    expect(course.modules.map((m) => [m.title, m.stepik_section_id, m.lessons.length])).toEqual([
      ['Введение в JavaScript', 580410, 4],
      ['Функции и объекты', 580411, 3],
      ['Работа с DOM', 580412, 3],
    ]);
    expect(titles(course, 0)).toEqual([
      'Урок 1. Где выполняется JavaScript',
      'Урок 2. Переменные: let и const',
      'Урок 3. Условия и сравнения',
      'Урок 4. Циклы',
    ]);
    expect(find(course, 'Урок 4. Циклы').lesson_id).toBe(1857304);
    expect(find(course, 'Урок 5. Функции').videos.map((v) => v.title)).toEqual([
      'часть 1',
      'часть 2',
    ]);
  });

  it('lesson-list.json: reads the JSON wrapper with the course fields', () => {
    const { course } = convertFixture('lesson-list.json');
    expect(course.course).toEqual({
      title: 'Git и GitHub для начинающих',
      stepik_course_id: 190233,
    });
    expect(course.modules.map((m) => m.title)).toEqual([
      'Первые коммиты',
      'Ветки и слияние',
      'Совместная работа на GitHub',
    ]);
    expect(find(course, 'Урок 3. Первый коммит').videos.map((v) => v.code)).toEqual([
      'Er5Ty6Ui',
      'Op7As8Df',
    ]);
    expect(find(course, 'Урок 6. Rebase — по желанию')).toMatchObject({
      lesson_id: null,
      slug: 'urok-6-rebase-po-zhelaniiu',
    });
    expect(find(course, 'Урок 10. Итоги курса').videos).toEqual([]);
  });

  it('without a mapping, sections follow the first lesson naming them and get default titles', () => {
    const { course } = convertText(`menu_tree = [
      {'title': 'Урок 1', 'lesson_id': 1000001, 'boom_media': 'AAAAaaa1', 'parent': 'sec_300002'},
      {'title': 'Урок 2', 'lesson_id': 1000002, 'boom_media': 'AAAAaaa2', 'parent': 'sec_300001'},
      {'title': 'Урок 3', 'lesson_id': 1000003, 'boom_media': 'AAAAaaa3', 'parent': 'sec_300002'},
    ]`);
    expect(
      course.modules.map((m) => [m.title, m.stepik_section_id, m.lessons.map((l) => l.title)]),
    ).toEqual([
      ['Модуль 1', 300002, ['Урок 1', 'Урок 3']],
      ['Модуль 2', 300001, ['Урок 2']],
    ]);
  });
});

describe('other shapes', () => {
  it('a list of section dicts', () => {
    const { course } = convertText(`[
      {'id': 'sec_400001', 'title': 'Первый', 'lessons': [{'title': 'Урок 1', 'lesson_id': 1000001}]},
      {'section_id': 400002, 'lessons': [{'title': 'Урок 2', 'lesson_id': 1000002}]},
    ]`);
    expect(course.modules.map((m) => [m.title, m.stepik_section_id])).toEqual([
      ['Первый', 400001],
      ['Модуль 2', 400002],
    ]);
  });

  it('a dict of lessons inside a section keeps its order', () => {
    const { course } = convertText(
      `menu_tree = {'sec_1': {'title': 'М', 'lessons': {'20': {'title': 'Б'}, '10': {'title': 'А'}}}}`,
    );
    expect(titles(course, 0)).toEqual(['Б', 'А']);
  });

  it('an explicit position only moves the item that has it', () => {
    const { course } = convertText(`menu_tree = {
      'sec_1': {'title': 'Второй', 'lessons': [{'title': 'x1'}]},
      'sec_2': {'title': 'Первый', 'position': 1, 'lessons': [{'title': 'x2'}]},
      'sec_3': {'title': 'Третий', 'lessons': [{'title': 'x3'}]},
    }`);
    expect(course.modules.map((m) => m.title)).toEqual(['Первый', 'Второй', 'Третий']);
  });

  it('a lesson with several media codes gets one part per code', () => {
    const { course } = convertText(
      `menu_tree = {'sec_1': [{'title': 'Урок', 'lesson_id': 1000001, 'boom_media': ['AAAAaaa1', 'AAAAaaa2']}]}`,
    );
    expect(course.modules[0]!.lessons[0]!.videos).toEqual([
      { code: 'AAAAaaa1', title: 'часть 1' },
      { code: 'AAAAaaa2', title: 'часть 2' },
    ]);
  });
});
