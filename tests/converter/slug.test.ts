import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLUG_PATTERN } from '#api/course/schema.ts';
import { readExistingSlugs } from '#api/course/menu-tree/existing-slugs.ts';
import { slugify, uniqueSlug } from '#api/course/menu-tree/slug.ts';
import { convertText, tempDir } from './support.ts';

describe('slugs from titles', () => {
  it.each([
    ['Урок 1. Введение', 'urok-1-vvedenie'],
    ['Щука и ёж', 'shchuka-i-ezh'],
    ['Юла, яблоко, цирк, хлеб', 'iula-iabloko-tsirk-khleb'],
    ['Жук, чай, шар, эхо, йогурт, сыр', 'zhuk-chai-shar-ekho-iogurt-syr'],
    ['Объект и подъезд, соль', 'obekt-i-podezd-sol'],
    ['ФУНКЦИИ СУММ И ЕСЛИ', 'funktsii-summ-i-esli'],
    ['Урок 6. Циклы for/while', 'urok-6-tsikly-for-while'],
    ['«Кавычки» — тире…', 'kavychki-tire'],
    ['Café résumé', 'cafe-resume'],
    ['C++ & Python 3!', 'c-python-3'],
    ['Їжак і ґанок', 'izhak-i-ganok'],
    ['  !!!  ', 'lesson'],
  ])('%s → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
    expect(slug).toMatch(SLUG_PATTERN);
  });

  it('cuts long titles at a word boundary', () => {
    const slug = slugify(
      'Урок 42. Очень длинное название урока, которое никто не станет читать в адресной строке',
    );
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toMatch(SLUG_PATTERN);
    expect(slug).toBe('urok-42-ochen-dlinnoe-nazvanie-uroka-kotoroe-nikto-ne-stanet');
  });

  it('deduplicates with -2, -3', () => {
    const taken = new Set(['intro']);
    expect([
      uniqueSlug('intro', taken),
      uniqueSlug('intro', taken),
      uniqueSlug('other', taken),
    ]).toEqual(['intro-2', 'intro-3', 'other']);
    expect(taken).toEqual(new Set(['intro', 'intro-2', 'intro-3', 'other']));
  });

  it('deduplicates lessons with the same title across modules', () => {
    const { course } = convertText(`menu_tree = {
      'sec_1': [{'title': 'Практика', 'lesson_id': 1000001}, {'title': 'Практика!', 'lesson_id': 1000002}],
      'sec_2': [{'title': 'практика', 'lesson_id': 1000003}],
    }`);
    expect(course.modules.flatMap((m) => m.lessons.map((l) => l.slug))).toEqual([
      'praktika',
      'praktika-2',
      'praktika-3',
    ]);
  });
});

describe('slugs of an earlier import are kept', () => {
  const TREE = `menu_tree = {'sec_1': [
    {'title': 'Урок 1. Введение (новое название)', 'lesson_id': 1855854, 'boom_media': 'RPBloIDb'},
    {'title': 'Урок 2', 'lesson_id': 1855855},
    {'title': 'Урок 1. Введение', 'lesson_id': 1855856},
    {'title': 'Урок 4', 'lesson_id': None},
  ]}`;

  it('reuses the slug of the same lesson_id and keeps new slugs clear of it', () => {
    const existing = new Map([
      [1855854, 'urok-1-vvedenie'],
      [1855855, 'vtoroi-urok'],
      [999, 'udalennyi'],
    ]);
    const { course, reusedSlugs } = convertText(TREE, { existingSlugs: existing });
    expect(course.modules[0]!.lessons.map((l) => [l.lesson_id, l.slug])).toEqual([
      [1855854, 'urok-1-vvedenie'],
      [1855855, 'vtoroi-urok'],
      [1855856, 'urok-1-vvedenie-2'],
      [null, 'urok-4'],
    ]);
    expect(reusedSlugs).toBe(2);
  });

  it('reads lesson_id → slug from course.yaml', () => {
    const file = path.join(tempDir(), 'course.yaml');
    writeFileSync(
      file,
      [
        'course: { title: "Курс" }',
        'modules:',
        '  - title: "М"',
        '    lessons:',
        '      - { slug: urok-1, title: "Урок 1", lesson_id: 1855854 }',
        '      - { slug: bez-id, title: "Без id", lesson_id: null }',
        '      - { slug: "Not A Slug", title: "x", lesson_id: 7 }',
        '      - { slug: urok-2, title: "Урок 2", lesson_id: 1855855 }',
      ].join('\n'),
    );
    expect(readExistingSlugs(file)).toEqual(
      new Map([
        [1855854, 'urok-1'],
        [1855855, 'urok-2'],
      ]),
    );
    expect(readExistingSlugs(path.join(tempDir(), 'missing.yaml'))).toEqual(new Map());
  });

  it('refuses a course.yaml that is not YAML rather than losing the slugs', () => {
    const file = path.join(tempDir(), 'course.yaml');
    writeFileSync(file, 'modules: [\n');
    expect(() => readExistingSlugs(file)).toThrow(
      expect.objectContaining({ file, message: expect.stringContaining('is not valid YAML') }),
    );
  });
});
