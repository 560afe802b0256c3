import { describe, expect, it } from 'vitest';
import { MenuTreeError } from '#api/course/menu-tree/errors.ts';
import { convertText } from './support.ts';

const L1 = `{"title": "Урок 1", "lesson_id": 1855854, "boom_media": "RPBloIDb", "parent": "sec_561993"}`;
const L2 = `{"title": "Урок 2", "lesson_id": 1855855, "boom_media": "k3TzQm8W", "parent": "sec_561993"}`;

function failure(text: string, fileName?: string): MenuTreeError {
  try {
    convertText(text, {}, fileName);
  } catch (error) {
    if (error instanceof MenuTreeError) return error;
    throw error;
  }
  throw new Error('expected a MenuTreeError');
}

describe('a tree that cannot be converted names the entry', () => {
  it.each([
    [
      'a lesson_id that is not a number',
      `menu_tree = {"sec_561993": [${L1}, ${L2}, {"title": "Урок 3", "lesson_id": "abc", "parent": "sec_561993"}]}`,
      'menu_tree["sec_561993"][2] ("Урок 3"): lesson_id must be a whole number, got "abc"',
    ],
    [
      'a fractional lesson_id',
      `menu_tree = {"sec_1": [{"title": "Урок", "lesson_id": 12.5}]}`,
      'menu_tree["sec_1"][0] ("Урок"): lesson_id must be a whole number, got 12.5',
    ],
    [
      'a boolean lesson_id',
      `menu_tree = {"sec_1": [{"title": "Урок", "lesson_id": True}]}`,
      'menu_tree["sec_1"][0] ("Урок"): lesson_id must be a whole number, got True',
    ],
    [
      'a negative lesson_id',
      `menu_tree = {"sec_1": [{"title": "Урок", "lesson_id": -3}]}`,
      'menu_tree["sec_1"][0] ("Урок"): lesson_id must be a positive whole number, got -3',
    ],
    [
      'an invalid media code',
      `menu_tree = {"sec_1": [{"title": "Урок", "lesson_id": 1, "boom_media": "RPBlo-Db"}]}`,
      'menu_tree["sec_1"][0] ("Урок"): boom_media must be a Boomstream media code (8 latin letters or digits), got "RPBlo-Db"',
    ],
    [
      'a media code of the wrong length, in JSON',
      `{"sec_1": [{"title": "Урок", "lesson_id": 1, "boom_media": 12345678}]}`,
      'menu_tree["sec_1"][0] ("Урок"): boom_media must be a Boomstream media code (8 latin letters or digits), got 12345678',
    ],
    [
      'a lesson without a title',
      `menu_tree = {"sec_1": [{"lesson_id": 1}]}`,
      'menu_tree["sec_1"][0]: has no "title"',
    ],
    [
      'a title that is not text',
      `menu_tree = {"sec_1": [{"title": 5}]}`,
      'menu_tree["sec_1"][0]: title must be a string, got 5',
    ],
    [
      'an entry that is not a dict',
      `menu_tree = {"sec_561993": [${L1}, 42]}`,
      'menu_tree["sec_561993"][1]: expected a lesson (a dict with "title", "lesson_id" and "boom_media"), got 42',
    ],
    [
      'a section that is neither a list nor a dict',
      `menu_tree = {"sec_1": "Модуль 1"}`,
      'menu_tree["sec_1"]: expected a section (a list of lessons, or a dict with "title" and "lessons"), got "Модуль 1"',
    ],
    [
      'a section dict without lessons',
      `menu_tree = {"sec_1": {"title": "Модуль 1"}}`,
      'menu_tree["sec_1"] ("Модуль 1"): expected a section (a list of lessons, or a dict with "title" and "lessons"): there is no "lessons" (or "children") list',
    ],
    [
      'a section inside a section',
      `menu_tree = {"sec_1": [{"title": "Подраздел", "lessons": []}]}`,
      'menu_tree["sec_1"][0] ("Подраздел"): a section inside a section is not supported: lessons must be directly in a section',
    ],
    [
      'a parent that contradicts the section',
      `menu_tree = {"sec_561994": [${L1}]}`,
      'menu_tree["sec_561994"][0] ("Урок 1"): parent is "sec_561993" but the lesson is listed in section "sec_561994"',
    ],
    [
      'one lesson_id in two sections',
      `menu_tree = {"sec_1": [{"title": "Урок 1", "lesson_id": 1855854}], "sec_2": [{"title": "Урок 1 (повтор)", "lesson_id": 1855854}]}`,
      'menu_tree["sec_2"][0] ("Урок 1 (повтор)"): lesson_id 1855854 is also used in another section by menu_tree["sec_1"][0] ("Урок 1")',
    ],
    [
      'one media code twice',
      `menu_tree = {"sec_1": [{"title": "Урок 1", "boom_media": "RPBloIDb"}, {"title": "Урок 2", "boom_media": "RPBloIDb"}]}`,
      'menu_tree["sec_1"][1] ("Урок 2"): boom_media "RPBloIDb" is also used by menu_tree["sec_1"][0] ("Урок 1")',
    ],
    [
      'the same part twice',
      `menu_tree = {"sec_1": [{"title": "Урок 3 (часть 1)", "lesson_id": 7}, {"title": "Урок 3. Часть 1/2", "lesson_id": 7}]}`,
      'menu_tree["sec_1"][1] ("Урок 3. Часть 1/2"): is part 1 of the same lesson as menu_tree["sec_1"][0] ("Урок 3 (часть 1)")',
    ],
    [
      'a node that is neither a section nor a lesson',
      `menu_tree = {"root": {"children": ["sec_1"]}, "sec_1": {"title": "М", "children": ["l_1"]}, "l_1": {"title": "Урок", "lesson_id": 1}, "settings": {"theme": "dark"}}`,
      'menu_tree["settings"]: is neither a section nor a lesson: a lesson has "lesson_id"/"boom_media", a section has a "sec_<id>" key or "children"',
    ],
    [
      'a parent pointing to a missing section',
      `menu_tree = {"sec_561993": {"title": "М", "children": ["l_1"]}, "l_1": ${L1}, "l_2": {"title": "Урок 2", "lesson_id": 2, "parent": "sec_9"}}`,
      'menu_tree["l_2"] ("Урок 2"): parent "sec_9" is not a section of the tree',
    ],
    [
      'a parent pointing to a lesson',
      `menu_tree = {"sec_561993": {"title": "М"}, "l_1": ${L1}, "l_2": {"title": "Урок 2", "lesson_id": 2, "parent": "l_1"}}`,
      'menu_tree["l_2"] ("Урок 2"): parent "l_1" is a lesson, not a section',
    ],
    [
      'a child that does not exist',
      `menu_tree = {"sec_1": {"title": "Модуль 1", "children": ["l_1", "l_9"]}, "l_1": {"title": "Урок", "lesson_id": 1}}`,
      'menu_tree["sec_1"]["children"][1] ("Модуль 1"): "l_9" is not a node of the tree',
    ],
    [
      'a lesson in no section',
      `menu_tree = {"sec_1": {"title": "М", "children": ["l_1"]}, "l_1": {"title": "Урок", "lesson_id": 1}, "l_2": {"title": "Сирота", "lesson_id": 2}}`,
      'menu_tree["l_2"] ("Сирота"): belongs to no section: give it a "parent" or list it in a section\'s "children"',
    ],
    [
      'a lesson listed in a section but with another parent',
      `menu_tree = {"sec_1": {"title": "М1", "children": ["l_1"]}, "sec_2": {"title": "М2"}, "l_1": {"title": "Урок", "lesson_id": 1, "parent": "sec_2"}}`,
      'menu_tree["l_1"] ("Урок"): parent is "sec_2" but the lesson is listed in the children of "sec_1"',
    ],
    [
      'a lesson in a flat list without a parent',
      `menu_tree = [${L1}, {"title": "Урок 2", "lesson_id": 2}]`,
      'menu_tree[1] ("Урок 2"): has no "parent": a lesson in a flat list must name its section, e.g. "parent": "sec_561993"',
    ],
    [
      'a parent missing from the section titles',
      `SECTIONS = {"sec_561993": "Введение"}\nmenu_tree = [${L1}, {"title": "Урок 2", "lesson_id": 2, "parent": "sec_7"}]`,
      'menu_tree[1] ("Урок 2"): parent "sec_7" is not in SECTIONS',
    ],
    ['an empty tree', `menu_tree = []`, 'menu_tree: the tree is empty'],
    [
      'a tree of empty sections',
      `menu_tree = {"sec_1": [], "sec_2": {"title": "М", "lessons": []}}`,
      'menu_tree: no lessons found in the tree',
    ],
    [
      'a scalar tree',
      `menu_tree = "курс"`,
      'menu_tree: expected the tree as a dict or a list, got "курс"',
    ],
    [
      'a bad position',
      `menu_tree = {"sec_1": {"title": "М", "position": "первый", "lessons": [${L1}]}}`,
      'menu_tree["sec_1"] ("М"): position must be a number, got "первый"',
    ],
  ])('%s', (_name, text, message) => {
    expect(failure(text).message).toBe(message);
  });

  it('uses the variable name of the tree in the path', () => {
    expect(failure(`MENU_TREE = {"sec_1": [{"title": "Урок", "lesson_id": "x"}]}`).message).toBe(
      'MENU_TREE["sec_1"][0] ("Урок"): lesson_id must be a whole number, got "x"',
    );
  });

  it('writes null for JSON input', () => {
    expect(
      failure(`{"sec_1": [{"title": "Урок", "boom_media": [null]}]}`, 'tree.json').message,
    ).toContain('got null');
  });
});
