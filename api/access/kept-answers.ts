/**
 * Answers kept as JSON text and UTF-8 by what decides them: the student's stored decisions as
 * the snapshot's text (snapshot.ts), read fresh from the database with every request, so a
 * kept answer is only ever used for the very decisions it was made from. Kept for a quarter of
 * an hour at most, since a worded release date says the year only when it is not this one's
 * (every time zone's year turns on a quarter hour). The words and bodies depend on nothing
 * else besides the course and the settings, which key the store.
 *
 * At a launch a whole class asks for the same closed lesson with the same decision ("opens on
 * 10 December", "0 of 5 steps"), and a cabinet asks for the same progress again and again while
 * nothing changes: the answer is made once, not per request (video-gate.ts, progress.ts).
 */
import type { Course } from '../course/schema.ts';

export type KeptAnswer = { body: string; bytes: Buffer };

const kept = new WeakMap<object, WeakMap<Course, Map<string, KeptAnswer>>>();
/** Answers kept at most, per course and settings (a few KB each). */
const LIMIT = 2000;
const QUARTER_HOUR_IN_MS = 900_000;

function answersOf(config: object, course: Course): Map<string, KeptAnswer> {
  let byCourse = kept.get(config);
  if (!byCourse) kept.set(config, (byCourse = new WeakMap()));
  let answers = byCourse.get(course);
  if (!answers) byCourse.set(course, (answers = new Map()));
  return answers;
}

/** The key of an answer decided by `text` (what for: `what`), in this quarter hour. */
export const keptAnswerKey = (what: string, text: string, now = Date.now()): string =>
  `${Math.floor(now / QUARTER_HOUR_IN_MS)} ${what} ${text}`;

export function keptAnswer(config: object, course: Course, key: string): KeptAnswer | undefined {
  return answersOf(config, course).get(key);
}

/** Keeps `body` under `key` (the oldest answer goes when the store is full) and gives it as kept. */
export function keepAnswer(config: object, course: Course, key: string, body: string): KeptAnswer {
  const answers = answersOf(config, course);
  if (answers.size >= LIMIT) answers.delete(answers.keys().next().value!);
  const answer = { body, bytes: Buffer.from(body) };
  answers.set(key, answer);
  return answer;
}
