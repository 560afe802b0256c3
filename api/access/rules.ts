/**
 * The unlock rules, as pure functions: given what Stepik says a student passed, what they
 * watched and what time it is (`now`, passed in), is the lesson's video open? No database and
 * no clock here, so every rule is table-tested.
 */
import type { UnlockRule } from '../course/schema.ts';

export interface LessonProgressFacts {
  /** The Stepik lesson's steps in order (position 1 first); empty until the structure is synced. */
  stepIds: readonly number[];
  passedStepIds: ReadonlySet<number>;
  score: number;
}

export interface RuleOutcome {
  open: boolean;
  /** What to show a student while it is closed: "3 из 5 шагов" of the steps that count. */
  stepsPassed: number;
  stepsTotal: number;
}

function countPassed(stepIds: readonly number[], passed: ReadonlySet<number>): number {
  return stepIds.reduce((n, id) => n + (passed.has(id) ? 1 : 0), 0);
}

/** The rule on its own, without `after_previous` (see `applyRules`). */
export function evaluateRule(rule: UnlockRule, facts: LessonProgressFacts): RuleOutcome {
  const all = {
    stepsPassed: countPassed(facts.stepIds, facts.passedStepIds),
    stepsTotal: facts.stepIds.length,
  };
  switch (rule.rule) {
    case 'open':
      return { open: true, ...all };
    case 'closed':
      return { open: false, ...all };
    case 'all-steps':
      return { open: all.stepsTotal > 0 && all.stepsPassed === all.stepsTotal, ...all };
    case 'share':
      // A tiny epsilon so 0.8 of 5 steps (4/5 = 0.8) is not lost to floating point.
      return {
        open: all.stepsTotal > 0 && all.stepsPassed / all.stepsTotal >= rule.min - 1e-9,
        ...all,
      };
    case 'score':
      return { open: facts.score >= rule.min - 1e-9, ...all };
    case 'steps': {
      const chosen = rule.steps.map((position) => facts.stepIds[position - 1]);
      // A position past the lesson's end can never be passed: the lesson stays closed.
      const known = chosen.filter((id): id is number => id !== undefined);
      const passed = countPassed(known, facts.passedStepIds);
      return {
        open: known.length === chosen.length && passed === chosen.length,
        stepsPassed: passed,
        stepsTotal: chosen.length,
      };
    }
  }
}

export type Override = 'grant' | 'revoke' | null;

export interface LessonAccessInput {
  rule: UnlockRule;
  facts: LessonProgressFacts;
  /** Set once by the sync when the lesson first opened; an open lesson stays open. */
  unlockedAt: Date | null;
  override: Override;
  /** The lesson has a Stepik lesson (its rule reads Stepik progress). Default true. */
  onStepik?: boolean;
  /** When the lesson's release date comes for this student; null or absent: no date. */
  availableAt?: Date | null;
  /** Lessons whose videos must be watched first, each with how much this student has watched. */
  watch?: readonly WatchCondition[];
}

/** `watched: 0.9` of a lesson, and where the student is: `watched` of `required` (both 0–1). */
export interface WatchCondition {
  lesson: string;
  title: string;
  watched: number;
  required: number;
}

/** Who the student is, as far as access goes (see standing.ts). */
export interface StudentStanding {
  /** False only under COURSE_AUDIENCE=roster, for someone staff did not put on the course. */
  onCourse: boolean;
  stepikLinked: boolean;
  /** Linked, and a complete sync since linking did not find them in the grade book or classes. */
  missingFromCourse: boolean;
}

/** What the staff tools assume when they do not say: a linked student of the course. */
export const ENROLLED: StudentStanding = {
  onCourse: true,
  stepikLinked: true,
  missingFromCourse: false,
};

export type OpenReason = 'granted' | 'unlocked' | 'rule';

/**
 * Why a lesson is closed (`reason` in the gate's 403 and in /api/progress), in order of
 * precedence: the first that applies is the one reported. Ranked by "would the action of a
 * later reason help at all?": nothing a stranger or a revoked student does on Stepik opens
 * the lesson; nothing at all opens it before its release date (`not_yet`); nothing on Stepik
 * counts until the account is linked and in the course; the lesson before comes before its
 * videos (`watch`), and those come before this lesson's steps — the order a student goes in.
 */
export const CLOSED_REASONS = [
  'not_a_student',
  'revoked',
  'closed',
  'not_yet',
  'stepik_not_linked',
  'not_in_course',
  'previous',
  'watch',
  'steps',
] as const;
export type ClosedReason = (typeof CLOSED_REASONS)[number];

export interface LessonAccess extends RuleOutcome {
  /** Why it is open (staff grant, a recorded unlock, the rule) or why it is closed. */
  reason: OpenReason | ClosedReason;
  /** With `not_yet`: when it opens. */
  availableAt?: Date;
  /** With `watch`: the first lesson (in course order) not watched enough. */
  watch?: WatchCondition;
}

/** A tiny epsilon, as for shares of steps: 0.9 watched meets 0.9 required despite floating point. */
const SHARE_EPSILON = 1e-9;

type Closed = { reason: ClosedReason; availableAt?: Date; watch?: WatchCondition };

function closedReason(
  lesson: LessonAccessInput,
  standing: StudentStanding,
  outcome: RuleOutcome,
  previousOpen: boolean,
  now: Date,
): Closed | null {
  if (lesson.rule.rule === 'closed') return { reason: 'closed' };
  if (lesson.availableAt && now.getTime() < lesson.availableAt.getTime())
    return { reason: 'not_yet', availableAt: lesson.availableAt };
  const waitsForPrevious =
    'after_previous' in lesson.rule && lesson.rule.after_previous === true && !previousOpen;
  const unwatched = lesson.watch?.find((w) => w.watched < w.required - SHARE_EPSILON);
  if (outcome.open && !waitsForPrevious && !unwatched) return null;
  if (lesson.onStepik !== false) {
    if (!standing.stepikLinked) return { reason: 'stepik_not_linked' };
    if (standing.missingFromCourse) return { reason: 'not_in_course' };
  }
  if (waitsForPrevious) return { reason: 'previous' };
  if (unwatched) return { reason: 'watch', watch: unwatched };
  return { reason: 'steps' };
}

/**
 * Every lesson of one student in course order: someone off the roster sees nothing, a revoke
 * wins over everything else, a grant opens, an unlock once recorded holds (a release date or
 * watching never closes it again), otherwise the rule decides — with the release date, the
 * lesson before (`after_previous`) and the videos to watch (`watch`). `now` is only read for
 * release dates.
 */
export function applyRules(
  lessons: readonly LessonAccessInput[],
  standing: StudentStanding = ENROLLED,
  now: Date = new Date(),
): LessonAccess[] {
  const result: LessonAccess[] = [];
  let previousOpen = true;
  for (const lesson of lessons) {
    const outcome = evaluateRule(lesson.rule, lesson.facts);
    let access: LessonAccess;
    if (!standing.onCourse) access = { ...outcome, open: false, reason: 'not_a_student' };
    else if (lesson.override === 'revoke') access = { ...outcome, open: false, reason: 'revoked' };
    else if (lesson.override === 'grant') access = { ...outcome, open: true, reason: 'granted' };
    else if (lesson.unlockedAt) access = { ...outcome, open: true, reason: 'unlocked' };
    else {
      const closed = closedReason(lesson, standing, outcome, previousOpen, now);
      access = closed
        ? { ...outcome, open: false, ...closed }
        : { ...outcome, open: true, reason: 'rule' };
    }
    result.push(access);
    previousOpen = access.open;
  }
  return result;
}
