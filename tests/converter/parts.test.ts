import { describe, expect, it } from 'vitest';
import { splitPartSuffix } from '#api/course/menu-tree/parts.ts';
import { convertText } from './support.ts';

describe('finding the part number in a title', () => {
  it.each([
    ['Урок 3 (часть 1)', 'Урок 3', 1],
    ['Урок 3. Часть 2/2', 'Урок 3', 2],
    ['Урок 3, часть 2 из 3', 'Урок 3', 2],
    ['Урок 3 (ч. 1)', 'Урок 3', 1],
    ['Урок 3 (ч.2)', 'Урок 3', 2],
    ['Урок 3 — часть 3', 'Урок 3', 3],
    ['Урок 3 [Часть 1]', 'Урок 3', 1],
    ['Урок 3 (1/2)', 'Урок 3', 1],
    ['Урок 3 (2 из 2)', 'Урок 3', 2],
    ['Урок 3 (2-я часть)', 'Урок 3', 2],
    ['Урок 12. Функции, ч. 2', 'Урок 12. Функции', 2],
    ['Lesson 1 (part 2 of 3)', 'Lesson 1', 2],
    ['Часть 2', 'Часть 2', 2],
  ])('%s', (title, base, part) => {
    expect(splitPartSuffix(title)).toEqual({ base, part });
  });

  it.each(['Урок 3', 'Участь 2', 'Урок 3. Часть речи', 'Урок 3 (1)', 'Python 3.12'])(
    'no part in %s',
    (title) => {
      expect(splitPartSuffix(title)).toEqual({ base: title });
    },
  );
});

/** One section of entries; each entry is [title, lesson_id, boom_media]. */
function lessonsOf(entries: [string, number | null, string | null][]) {
  const list = entries.map(
    ([title, id, code]) =>
      `{'title': ${JSON.stringify(title)}, 'lesson_id': ${id ?? 'None'}, 'boom_media': ${code ? `'${code}'` : 'None'}}`,
  );
  return convertText(`menu_tree = {'sec_1': [\n${list.join(',\n')}\n]}`).course.modules[0]!.lessons;
}

describe('entries of one lesson become one lesson with video parts', () => {
  it.each([
    ['(часть N)', ['Урок 3 (часть 1)', 'Урок 3 (часть 2)']],
    ['Часть N/M, out of order', ['Урок 3. Часть 2/2', 'Урок 3. Часть 1/2']],
    [
      'часть N из M, shuffled',
      ['Урок 3, часть 3 из 3', 'Урок 3, часть 1 из 3', 'Урок 3, часть 2 из 3'],
    ],
    ['(ч. N)', ['Урок 3 (ч. 2)', 'Урок 3 (ч. 1)']],
  ])('%s', (_name, titles) => {
    const codes = titles.map((_, i) => `Code000${i}`);
    const lessons = lessonsOf([
      ['Урок 1', 1000001, 'Intro001'],
      ...titles.map((t, i): [string, number, string] => [t, 1000003, codes[i]!]),
      ['Урок 4', 1000004, null],
    ]);
    expect(lessons.map((l) => l.title)).toEqual(['Урок 1', 'Урок 3', 'Урок 4']);
    const merged = lessons[1]!;
    expect(merged.lesson_id).toBe(1000003);
    // Ordered by the part number in the title, titled "часть N".
    const expected = titles
      .map((t, i) => ({ part: splitPartSuffix(t).part!, code: codes[i]! }))
      .sort((a, b) => a.part - b.part)
      .map(({ part, code }) => ({ code, title: `часть ${part}` }));
    expect(merged.videos).toEqual(expected);
    expect(expected.map((v) => v.title)).toEqual(titles.map((_, i) => `часть ${i + 1}`));
  });

  it('takes the lesson position from its first part', () => {
    const lessons = lessonsOf([
      ['Урок 2 (часть 1)', 1000002, 'Code0001'],
      ['Урок 1', 1000001, 'Code0002'],
      ['Урок 2 (часть 2)', 1000002, 'Code0003'],
    ]);
    expect(lessons.map((l) => [l.title, l.position, l.videos.length])).toEqual([
      ['Урок 2', 1, 2],
      ['Урок 1', 2, 1],
    ]);
  });

  it('keeps the order of appearance when the titles have no part numbers', () => {
    const lessons = lessonsOf([
      ['Урок 5. Разбор', 1000005, 'Code0001'],
      ['Урок 5. Разбор — задачи', 1000005, 'Code0002'],
    ]);
    expect(lessons).toHaveLength(1);
    expect(lessons[0]!.title).toBe('Урок 5. Разбор');
    expect(lessons[0]!.videos).toEqual([
      { code: 'Code0001', title: 'часть 1' },
      { code: 'Code0002', title: 'часть 2' },
    ]);
  });

  it('merges parts without a lesson_id by their common title', () => {
    const lessons = lessonsOf([
      ['Бонус (часть 2)', null, 'Code0002'],
      ['Бонус (часть 1)', null, 'Code0001'],
      ['Другое', null, 'Code0003'],
    ]);
    expect(lessons.map((l) => [l.title, l.lesson_id, l.videos.map((v) => v.code)])).toEqual([
      ['Бонус', null, ['Code0001', 'Code0002']],
      ['Другое', null, ['Code0003']],
    ]);
  });

  it('does not merge different lessons with the same title', () => {
    const lessons = lessonsOf([
      ['Практика', 1000001, 'Code0001'],
      ['Практика', 1000002, 'Code0002'],
    ]);
    expect(lessons.map((l) => [l.slug, l.lesson_id])).toEqual([
      ['praktika', 1000001],
      ['praktika-2', 1000002],
    ]);
  });

  it('a single part keeps its number; a single plain video is "Видео"; parts without media are left out', () => {
    const lessons = lessonsOf([
      ['Урок 7 (часть 1)', 1000007, 'Code0007'],
      ['Урок 8', 1000008, 'Code0008'],
      ['Урок 9 (часть 1)', 1000009, 'Code0009'],
      ['Урок 9 (часть 2)', 1000009, null],
    ]);
    expect(lessons.map((l) => [l.title, l.videos])).toEqual([
      ['Урок 7', [{ code: 'Code0007', title: 'часть 1' }]],
      ['Урок 8', [{ code: 'Code0008', title: 'Видео' }]],
      ['Урок 9', [{ code: 'Code0009', title: 'часть 1' }]],
    ]);
  });
});
