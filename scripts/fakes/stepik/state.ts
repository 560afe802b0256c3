/**
 * The fake Stepik's memory: learners, OAuth clients, issued codes and tokens, the course
 * structure, who passed which step, the grade book's quirks, classes, fault switches. Tests
 * and the demo change it directly (or through the admin routes) to play a scenario.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { FakeCatalog, type FakeCourse, type FakeCourseSpec } from './course-state.ts';
import { FakeFaults } from './faults.ts';
import { loadCourseGradesFixture, type FixtureSummary } from './fixtures.ts';

export interface FakeLearner {
  id: number;
  firstName: string;
  lastName: string;
}

export interface FakeToken {
  /** The learner the token acts for; for client credentials, the teacher who owns the app. */
  userId: number;
  clientId: string;
  expiresAt: number;
}

/** One learner's record of one step, as the grade book and progresses report it. */
export interface FakeStepRecord {
  passed: boolean;
  score: number;
  /** Submissions until the first correct one; null if never correct. */
  firstSuccess: number | null;
  totalSubmissions: number;
  /** Unix seconds. */
  lastViewed: number | null;
}

/** How the grade book shows one learner (real data has these quirks, stepik-api.md §3.8). */
export interface FakeGradeBookEntry {
  /** `results: {}` while the learner has no step records at all (a learner who has done nothing). */
  emptyWhenIdle: boolean;
  /** Steps left out of `results` (real data: learners who were idle when steps were added). */
  omitStepIds: Set<number>;
  /** The `results` key of a step when it differs from "<lesson>-<position>" (real data: stale positions). */
  keyOverrides: Map<number, string>;
  gradeId?: number;
  dateJoined?: string;
  lastViewed?: string | null;
}

export interface FakeClass {
  id: number;
  courseId: number;
  title: string;
  ownerId: number;
  studentIds: number[];
}

export class FakeStepikState {
  readonly learners = new Map<number, FakeLearner>();
  /** OAuth applications: client id → secret. */
  readonly clients = new Map<string, string>();
  /** Who a client-credentials token acts as, per application; absent = the teacher. */
  readonly clientOwners = new Map<string, number>();
  readonly codes = new Map<
    string,
    { userId: number; clientId: string; redirectUri: string; expiresAt: number }
  >();
  readonly tokens = new Map<string, FakeToken>();
  /** The teacher who owns the client-credentials application (and every course here). */
  teacherId = 1;
  /** When set, /oauth2/authorize/ approves at once as this learner (tests); otherwise it asks. */
  autoApproveAs: number | null = null;
  tokenLifetimeInSeconds = 36_000;
  /** Counts every request by path, for tests that count round trips (the oldest are dropped past maxLoggedRequests). */
  readonly requests: {
    method: string;
    path: string;
    search?: string;
    headers?: IncomingHttpHeaders;
  }[] = [];

  /** A long-running demo fake must not grow without bound. */
  maxLoggedRequests = 20_000;

  readonly catalog = new FakeCatalog();
  /** user → step → record; a step without a record is untouched. */
  readonly progress = new Map<number, Map<number, FakeStepRecord>>();
  readonly gradeBook = new Map<number, FakeGradeBookEntry>();
  readonly classes = new Map<number, FakeClass>();
  readonly faults = new FakeFaults();
  /** Called after every change to `progress` (persist.ts writes the demo's state file from it). */
  onProgressChange: (() => void) | null = null;
  /** Items per page of every paginated list (Stepik: about 20). */
  pageSize = 20;
  /** Items per page of an `ids[]` answer; null = all of them at once (what Stepik appears to do). */
  idsPageSize: number | null = null;

  addLearner(learner: FakeLearner): FakeLearner {
    this.learners.set(learner.id, learner);
    return learner;
  }

  /** `ownerId`: the user the app's client-credentials tokens act as (default: the teacher). */
  addClient(clientId: string, secret: string, ownerId?: number): void {
    this.clients.set(clientId, secret);
    if (ownerId !== undefined) this.clientOwners.set(clientId, ownerId);
  }

  appOwner(clientId: string): number {
    return this.clientOwners.get(clientId) ?? this.teacherId;
  }

  issueCode(userId: number, clientId: string, redirectUri: string): string {
    const code = randomBytes(12).toString('hex');
    this.codes.set(code, { userId, clientId, redirectUri, expiresAt: Date.now() + 60_000 });
    return code;
  }

  issueToken(userId: number, clientId: string): { token: string; expiresIn: number } {
    const token = randomBytes(20).toString('hex');
    this.tokens.set(token, {
      userId,
      clientId,
      expiresAt: Date.now() + this.tokenLifetimeInSeconds * 1000,
    });
    return { token, expiresIn: this.tokenLifetimeInSeconds };
  }

  /** Makes every issued token invalid, as after Stepik rotates or expires them. */
  expireAllTokens(): void {
    this.tokens.clear();
  }

  tokenUser(authorization: string | undefined): FakeToken | null {
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    const token = match ? this.tokens.get(match[1]!) : undefined;
    return token && token.expiresAt > Date.now() ? token : null;
  }

  isTeacher(userId: number): boolean {
    return userId === this.teacherId;
  }

  /** Adds a course built from course.yaml-like data (step ids: lesson * 100 + position). */
  addCourse(spec: FakeCourseSpec): FakeCourse {
    return this.catalog.addCourse(spec);
  }

  /** Loads a recorded `course-grades` page (a path to the JSON, or the parsed object). */
  loadCourseGradesFixture(source: string | object): FixtureSummary {
    return loadCourseGradesFixture(this, source);
  }

  addClass(klass: FakeClass): FakeClass {
    this.classes.set(klass.id, klass);
    return klass;
  }

  stepRecord(userId: number, stepId: number): FakeStepRecord | undefined {
    return this.progress.get(userId)?.get(stepId);
  }

  setStepRecord(userId: number, stepId: number, record: FakeStepRecord): void {
    let records = this.progress.get(userId);
    if (!records) this.progress.set(userId, (records = new Map()));
    records.set(stepId, record);
    this.onProgressChange?.();
  }

  /** Passes (score = worth, one correct submission) or un-passes (score 0) one step. */
  setStepPassed(userId: number, stepId: number, passed: boolean): void {
    const step = this.catalog.steps.get(stepId);
    if (!step) throw new Error(`no step ${stepId}`);
    const before = this.stepRecord(userId, stepId);
    const submissions = Math.max(before?.totalSubmissions ?? 0, passed && step.worth > 0 ? 1 : 0);
    this.setStepRecord(userId, stepId, {
      passed,
      score: passed ? step.worth : 0,
      firstSuccess: passed ? (before?.firstSuccess ?? Math.max(1, submissions)) : null,
      totalSubmissions: submissions,
      lastViewed: Math.floor(Date.now() / 1000),
    });
  }

  setLessonPassed(userId: number, lessonId: number, passed: boolean): void {
    const lesson = this.catalog.lessons.get(lessonId);
    if (!lesson) throw new Error(`no lesson ${lessonId}`);
    for (const stepId of lesson.stepIds) this.setStepPassed(userId, stepId, passed);
  }

  /** Forgets every step record of one learner, or of everyone. */
  resetProgress(userId?: number): void {
    if (userId === undefined) this.progress.clear();
    else this.progress.delete(userId);
    this.onProgressChange?.();
  }

  gradeBookEntry(userId: number): FakeGradeBookEntry {
    return (
      this.gradeBook.get(userId) ?? {
        emptyWhenIdle: true,
        omitStepIds: new Set(),
        keyOverrides: new Map(),
      }
    );
  }

  /** Changes how the grade book shows a learner: e.g. `{ omitStepIds: new Set([…]) }` or `{ emptyWhenIdle: false }`. */
  setGradeBookEntry(userId: number, change: Partial<FakeGradeBookEntry>): FakeGradeBookEntry {
    const entry = { ...this.gradeBookEntry(userId), ...change };
    this.gradeBook.set(userId, entry);
    return entry;
  }

  logRequest(entry: FakeStepikState['requests'][number]): void {
    this.requests.push(entry);
    if (this.requests.length > this.maxLoggedRequests)
      this.requests.splice(0, this.requests.length - Math.floor(this.maxLoggedRequests / 2));
  }

  /** Requests so far whose path starts with `prefix`. */
  countRequests(prefix = '/'): number {
    return this.requests.filter((r) => r.path.startsWith(prefix)).length;
  }
}
