/**
 * The Stepik client (stepik-api.md): course structure by batched `ids[]`, the teacher's grade
 * book page by page, and a learner's own progresses. Framework-free; one instance per token
 * owner, so its rate limit covers every call it makes.
 */
import type { z } from 'zod';
import { TokenBucket } from '../rate/token-bucket.ts';
import { StepikApi, type GetOptions } from './api.ts';
import { batchIds, idsQuery, mergeById } from './batches.ts';
import { StepikHttp } from './http.ts';
import {
  courseGradeSchema,
  courseSchema,
  lessonSchema,
  parseEnvelope,
  progressSchema,
  sectionSchema,
  stepSchema,
  unitSchema,
} from './schemas.ts';
import { ClientCredentialsToken } from './token.ts';
import type {
  CourseGrade,
  StepikClient,
  StepikClientOptions,
  StepikCourse,
  StepikLesson,
  StepikProgress,
  StepikSection,
  StepikStep,
  StepikUnit,
  StepResult,
} from './types.ts';

export const DEFAULT_USER_AGENT = 'course-site-sync/1.0 (Stepik API client; contact in README)';

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function toCourseGrade(raw: z.output<typeof courseGradeSchema>): CourseGrade {
  const results = new Map<number, StepResult>();
  for (const entry of Object.values(raw.results)) {
    // The key "<lesson>-<position>" is not the step id and may be stale for a learner: use step_id.
    const seen = results.get(entry.step_id);
    if (!seen || (!seen.isPassed && entry.is_passed))
      results.set(entry.step_id, { isPassed: entry.is_passed, score: entry.score });
  }
  return { user: raw.user, course: raw.course, score: raw.score, results };
}

export function toProgress(raw: z.output<typeof progressSchema>): StepikProgress {
  return {
    id: raw.id,
    isPassed: raw.is_passed,
    score: raw.score,
    cost: raw.cost,
    nSteps: raw.n_steps,
    nStepsPassed: raw.n_steps_passed,
    lastViewed: raw.last_viewed ?? null,
  };
}

export function createStepikClient(options: StepikClientOptions): StepikClient {
  // A wrong base URL is a configuration mistake: say so now, not after five retries.
  const base = new URL(options.baseUrl);
  if (!['http:', 'https:'].includes(base.protocol))
    throw new TypeError(`Stepik baseUrl must be http(s), got ${base.protocol}`);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const http = new StepikHttp({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    timeoutInMs: options.timeoutInMs ?? 15_000,
    maxRetries: options.maxRetries ?? 5,
    fetch: options.fetch ?? globalThis.fetch,
    sleep,
    now,
    random: options.random ?? Math.random,
    // Shared by every request of this client. Stepik documents no limit, so we keep our own
    // (third-party clients use 4 req/s, burst 8) and a sync never hammers it.
    limiter: new TokenBucket({ requestsPerSecond: options.requestsPerSecond ?? 4, now, sleep }),
  });
  const api = new StepikApi(http, new ClientCredentialsToken(http, options, now));

  /** `/api/<plural>?ids[]=…` in batches, every page of each batch, merged in the asked order. */
  async function byIds<T extends z.ZodType<{ id: K }>, K extends number | string>(
    plural: string,
    item: T,
    ids: readonly K[],
    get: GetOptions = {},
  ): Promise<z.output<T>[]> {
    const found: z.output<T>[] = [];
    for (const batch of batchIds(ids))
      found.push(...(await api.listAll(`/api/${plural}`, plural, item, idsQuery(batch), get)));
    return mergeById(ids, found);
  }

  return {
    get requestCount() {
      return http.requestCount;
    },

    get byteCount() {
      return http.byteCount;
    },

    async getCourse(id) {
      const path = `/api/courses/${encodeURIComponent(String(id))}`;
      const body = await api.getJson(path, undefined, { notFoundIsNull: true });
      if (body === null) return null;
      const course = parseEnvelope('courses', courseSchema, body, `GET ${path}`).items.find(
        (c) => c.id === id,
      );
      return course
        ? ({ id: course.id, title: course.title, sections: course.sections } satisfies StepikCourse)
        : null;
    },

    async getSections(ids) {
      return (await byIds('sections', sectionSchema, ids)).map((s): StepikSection => ({
        id: s.id,
        course: s.course,
        position: s.position,
        title: s.title,
        units: s.units,
      }));
    },

    async getUnits(ids) {
      return (await byIds('units', unitSchema, ids)).map((u): StepikUnit => ({
        id: u.id,
        section: u.section,
        lesson: u.lesson,
        position: u.position,
      }));
    },

    async getLessons(ids) {
      return (await byIds('lessons', lessonSchema, ids)).map((l): StepikLesson => ({
        id: l.id,
        title: l.title,
        steps: l.steps,
      }));
    },

    async getSteps(ids) {
      return (await byIds('steps', stepSchema, ids)).map((s): StepikStep => ({
        id: s.id,
        lesson: s.lesson,
        position: s.position,
        block: { name: s.block.name },
      }));
    },

    async walkCourseGrades(query, onPage) {
      const params = new URLSearchParams({ course: String(query.course) });
      if (query.user !== undefined) params.set('user', String(query.user));
      if (query.klass !== undefined) params.set('klass', String(query.klass));
      const learners = new Set<number>();
      const pages = await api.walkPages(
        '/api/course-grades',
        'course-grades',
        courseGradeSchema,
        params,
        async (items, page, meta) => {
          const grades = items.map(toCourseGrade);
          for (const grade of grades) learners.add(grade.user);
          await onPage(grades, page, meta.has_next);
        },
      );
      return { pages, learners: learners.size };
    },

    async getProgresses(ids, accessToken) {
      return (await byIds('progresses', progressSchema, ids, { accessToken })).map(toProgress);
    },
  };
}
