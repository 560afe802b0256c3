/**
 * Course-level fields a tree may carry beside its sections (`"title": "Курс…"`,
 * `"course_id": 123`). Only scalar values count: a dict or a list under such a key is content.
 */
import { fail, readId, type ReadContext } from './entries.ts';
import { PyDict, childPath, describeValue, itemsOf, type PyKey, type PyValue } from './py-value.ts';
import type { CourseMeta } from './raw-section.ts';

const TITLE_KEYS = ['title', 'course_title', 'course_name', 'name'];
const ID_KEYS = ['course_id', 'stepik_course_id'];
const DESCRIPTION_KEYS = ['description', 'course_description'];

const isScalar = (value: PyValue): boolean => !(value instanceof PyDict) && !itemsOf(value);

export function splitCourseMeta(
  dict: PyDict,
  path: string,
  ctx: ReadContext,
): { meta: CourseMeta; rest: [PyKey, PyValue][] } {
  const meta: CourseMeta = {};
  const rest: [PyKey, PyValue][] = [];
  for (const [key, value] of dict.entries) {
    const name = typeof key === 'string' ? key.toLowerCase() : '';
    if (!isScalar(value) || ![...TITLE_KEYS, ...ID_KEYS, ...DESCRIPTION_KEYS].includes(name)) {
      rest.push([key, value]);
      continue;
    }
    const where = { path: childPath(path, key) };
    if (ID_KEYS.includes(name)) meta.courseId = readId(value, name, where, ctx);
    else if (value !== null && typeof value !== 'string')
      fail(where, `must be a string, got ${describeValue(value, ctx.dialect)}`);
    else if (TITLE_KEYS.includes(name)) meta.title = value?.trim() || undefined;
    else meta.description = value?.trim() || undefined;
  }
  return { meta, rest };
}
