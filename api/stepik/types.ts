/**
 * The Stepik client's public shapes (see ../../../shared/docs/stepik-api.md). Only the fields
 * the site uses are kept; Stepik sends many more, which the client ignores.
 */

export interface StepikClientOptions {
  /** `https://stepik.org`, or a fake's origin; without the trailing `/api`. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Our own limit, not Stepik's (it documents none): requests per second, burst 2×. Default 4. */
  requestsPerSecond?: number;
  /** Retries after a 429, a 5xx, a network error or a timeout. Default 5. */
  maxRetries?: number;
  /** Per attempt, including reading the body. Default 15000. */
  timeoutInMs?: number;
  userAgent?: string;
  fetch?: typeof fetch;
  /** Every wait (rate limit, back-off) goes through this: tests record waits instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds clock for the token cache, the rate limiter and `Retry-After` dates. */
  now?: () => number;
  /** 0 ≤ x < 1; the back-off jitter. Default Math.random. */
  random?: () => number;
}

export interface StepikCourse {
  id: number;
  title: string;
  sections: number[];
}

export interface StepikSection {
  id: number;
  course: number;
  position: number;
  title: string;
  units: number[];
}

export interface StepikUnit {
  id: number;
  section: number;
  lesson: number;
  position: number;
}

export interface StepikLesson {
  id: number;
  title: string;
  /** Ordered: the step at index i has position i + 1. Empty when the caller may not see them. */
  steps: number[];
}

export interface StepikStep {
  id: number;
  lesson: number;
  position: number;
  block: { name: string };
}

export interface StepResult {
  isPassed: boolean;
  score: number;
}

export interface CourseGrade {
  user: number;
  course: number;
  score: number;
  /** By step id. A step that is not here is "not passed" (Stepik leaves some out). */
  results: Map<number, StepResult>;
}

export interface StepikProgress {
  /** `76-<lesson>`, `77-<step>`, `78-<course>`, `79-<section>`. */
  id: string;
  isPassed: boolean;
  score: number;
  cost: number;
  nSteps: number;
  nStepsPassed: number;
  /** Unix seconds (Stepik sends an integer here, unlike elsewhere), or null. */
  lastViewed: number | null;
}

export interface CourseGradesQuery {
  course: number;
  user?: number;
  klass?: number;
}

export type CourseGradesPageHandler = (
  grades: CourseGrade[],
  page: number,
  hasNext: boolean,
) => Promise<void> | void;

export interface StepikClient {
  /** null when Stepik answers 404 (no such course, or hidden from the token's user). */
  getCourse(id: number): Promise<StepikCourse | null>;
  getSections(ids: number[]): Promise<StepikSection[]>;
  getUnits(ids: number[]): Promise<StepikUnit[]>;
  getLessons(ids: number[]): Promise<StepikLesson[]>;
  getSteps(ids: number[]): Promise<StepikStep[]>;
  /** One paginated walk of the grade book; calls onPage for each page as it arrives (so a caller can store as it goes). */
  walkCourseGrades(
    query: CourseGradesQuery,
    onPage: CourseGradesPageHandler,
  ): Promise<{ pages: number; learners: number }>;
  /** The token owner's own progress (with a learner's token): `progresses?ids[]=76-<lesson>`. */
  getProgresses(ids: string[], accessToken?: string): Promise<StepikProgress[]>;
  /** Every HTTP request made, including token requests and retries. */
  readonly requestCount: number;
  /** Response bytes received so far. */
  readonly byteCount: number;
}
