/**
 * `/start` payloads (https://t.me/<bot>?start=<payload>): Telegram allows A-Z a-z 0-9 _ - and at
 * most 64 characters. `lesson_<slug>` opens that lesson's card; `link_<token>` links this
 * Telegram account to the student who asked for the link on the site.
 */
import { TELEGRAM_LINK_PREFIX } from '#api/auth/link-invites.ts';
import { isLinkTokenShape } from '#api/auth/link-tokens.ts';
import type { Course, Lesson } from '#api/course/schema.ts';
import { listLessons } from '#api/course/load.ts';

const PAYLOAD_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const LESSON_PREFIX = 'lesson_';

/** The payload for a lesson, or undefined when its slug is too long for a deep link. */
export function lessonStartPayload(slug: string): string | undefined {
  const payload = `${LESSON_PREFIX}${slug}`;
  return PAYLOAD_PATTERN.test(payload) ? payload : undefined;
}

/** The one-time token of a `link_<token>` payload; undefined for anything else. */
export function linkTokenFromStartPayload(payload: string): string | undefined {
  const value = payload.trim();
  if (!PAYLOAD_PATTERN.test(value) || !value.startsWith(TELEGRAM_LINK_PREFIX)) return undefined;
  const token = value.slice(TELEGRAM_LINK_PREFIX.length);
  return isLinkTokenShape(token) ? token : undefined;
}

/** The lesson a payload names; undefined for anything else (an empty or foreign payload). */
export function lessonFromStartPayload(course: Course, payload: string): Lesson | undefined {
  const value = payload.trim();
  if (!PAYLOAD_PATTERN.test(value) || !value.startsWith(LESSON_PREFIX)) return undefined;
  const slug = value.slice(LESSON_PREFIX.length);
  return listLessons(course).find((lesson) => lesson.slug === slug);
}
