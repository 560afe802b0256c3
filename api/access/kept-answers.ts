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

/** The answers of one course and settings, oldest first, and the bytes they hold. */
type Store = { answers: Map<string, KeptAnswer>; bytes: number };
const kept = new WeakMap<object, WeakMap<Course, Store>>();
/**
 * What the answers of one course and settings may hold: a closed answer is a few hundred
 * bytes, a progress answer a few KB (tens of KB in a course of hundreds of lessons).
 */
const BUDGET_IN_BYTES = 8 * 1024 * 1024;
const QUARTER_HOUR_IN_MS = 900_000;

function storeOf(config: object, course: Course): Store {
  let byCourse = kept.get(config);
  if (!byCourse) kept.set(config, (byCourse = new WeakMap()));
  let store = byCourse.get(course);
  if (!store) byCourse.set(course, (store = { answers: new Map(), bytes: 0 }));
  return store;
}

/** Roughly what an answer holds in memory: its key, its text and its UTF-8. */
const costOf = (key: string, answer: KeptAnswer): number =>
  key.length + answer.body.length + answer.bytes.length;

/** The key of an answer decided by `text` (what for: `what`), in this quarter hour. */
export const keptAnswerKey = (what: string, text: string, now = Date.now()): string =>
  `${Math.floor(now / QUARTER_HOUR_IN_MS)} ${what} ${text}`;

export function keptAnswer(config: object, course: Course, key: string): KeptAnswer | undefined {
  return storeOf(config, course).answers.get(key);
}

/** Keeps `body` under `key` (the oldest answers go to make room) and gives it as kept. */
export function keepAnswer(config: object, course: Course, key: string, body: string): KeptAnswer {
  const store = storeOf(config, course);
  const answer = { body, bytes: Buffer.from(body) };
  const cost = costOf(key, answer);
  // Larger than the whole budget: answered, not kept.
  if (cost > BUDGET_IN_BYTES) return answer;
  const known = store.answers.get(key);
  if (known) {
    store.answers.delete(key);
    store.bytes -= costOf(key, known);
  }
  for (const [oldest, old] of store.answers) {
    if (store.bytes + cost <= BUDGET_IN_BYTES) break;
    store.answers.delete(oldest);
    store.bytes -= costOf(oldest, old);
  }
  store.answers.set(key, answer);
  store.bytes += cost;
  return answer;
}
