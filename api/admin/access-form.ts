/**
 * The matrix's grant / revoke / reset form (or the same as JSON), checked whole before anything
 * is applied: a bad `back` (it becomes a Location header) must refuse the request, not fail
 * after the change was made.
 */
import { findLessons } from '../access/overrides.ts';
import type { Course, Lesson } from '../course/schema.ts';
import { HTTP } from '../http.ts';
import { ru } from '../i18n/ru.ts';
import { MAX_INT32, parsePositiveInteger } from '../input/integers.ts';

export type AccessAction = 'grant' | 'revoke' | 'reset';

export type AccessForm =
  | { ok: true; userId: number; lessons: Lesson[]; action: AccessAction; back: string }
  | { ok: false; status: 400; error: 'malformed'; message: string };

/** Where to go after the change: the matrix, with its own query (printable ASCII only). */
const BACK_PATTERN = /^\/admin(?:\?[\x21-\x7e]*)?$/;

function malformed(message: string): AccessForm {
  return { ok: false, status: HTTP.badRequest, error: 'malformed', message };
}

export function parseAccessForm(
  course: Course,
  body: Record<string, unknown> | undefined,
): AccessForm {
  const t = ru.site.admin.form;
  const action = body?.action;
  if (action !== 'grant' && action !== 'revoke' && action !== 'reset') return malformed(t.action);
  // users.id is 32-bit on PostgreSQL; a larger id could only fail the query.
  const userId = parsePositiveInteger(body?.userId, MAX_INT32);
  if (userId === null) return malformed(t.userId);
  const lessons =
    typeof body?.lesson === 'string' ? findLessons(course, { lesson: body.lesson }) : [];
  if (!lessons.length) return malformed(t.lesson);
  const back = body?.back ?? '/admin';
  if (typeof back !== 'string' || !BACK_PATTERN.test(back)) return malformed(t.back);
  return { ok: true, userId, lessons, action, back };
}

/** The redirect target after a form post: `back` with the notice appended. */
export function backWithNotice(back: string, notice: string): string {
  return `${back}${back.includes('?') ? '&' : '?'}notice=${encodeURIComponent(notice)}`;
}
