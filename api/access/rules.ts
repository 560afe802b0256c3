/**
 * The unlock rules, as pure functions: given what Stepik says a student passed, is the lesson's
 * video open? No database and no clock here, so every rule is table-tested.
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
  const all = { stepsPassed: countPassed(facts.stepIds, facts.passedStepIds), stepsTotal: facts.stepIds.length };
  switch (rule.rule) {
    case 'open':
      return { open: true, ...all };
    case 'closed':
      return { open: false, ...all };
    case 'all-steps':
      return { open: all.stepsTotal > 0 && all.stepsPassed === all.stepsTotal, ...all };
    case 'share':
      // A tiny epsilon so 0.8 of 5 steps (4/5 = 0.8) is not lost to floating point.
      return { open: all.stepsTotal > 0 && all.stepsPassed / all.stepsTotal >= rule.min - 1e-9, ...all };
    case 'score':
      return { open: facts.score >= rule.min - 1e-9, ...all };
    case 'steps': {
      const chosen = rule.steps.map((position) => facts.stepIds[position - 1]);
      // A position past the lesson's end can never be passed: the lesson stays closed.
      const known = chosen.filter((id): id is number => id !== undefined);
      const passed = countPassed(known, facts.passedStepIds);
      return { open: known.length === chosen.length && passed === chosen.length, stepsPassed: passed, stepsTotal: chosen.length };
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
}

export interface LessonAccess extends RuleOutcome {
  /** Why: what a staff member sees when asking "why is this closed?". */
  reason: 'revoked' | 'granted' | 'unlocked' | 'rule' | 'previous' | 'closed';
}

/**
 * Every lesson of one student in course order: a revoke wins over everything, a grant opens,
 * an unlock once recorded holds, otherwise the rule decides (and `after_previous` asks the
 * lesson before it).
 */
export function applyRules(lessons: readonly LessonAccessInput[]): LessonAccess[] {
  const result: LessonAccess[] = [];
  let previousOpen = true;
  for (const lesson of lessons) {
    const outcome = evaluateRule(lesson.rule, lesson.facts);
    let access: LessonAccess;
    if (lesson.override === 'revoke') access = { ...outcome, open: false, reason: 'revoked' };
    else if (lesson.override === 'grant') access = { ...outcome, open: true, reason: 'granted' };
    else if (lesson.unlockedAt) access = { ...outcome, open: true, reason: 'unlocked' };
    else if (!outcome.open) access = { ...outcome, open: false, reason: 'closed' };
    else if ('after_previous' in lesson.rule && lesson.rule.after_previous && !previousOpen) access = { ...outcome, open: false, reason: 'previous' };
    else access = { ...outcome, open: true, reason: 'rule' };
    result.push(access);
    previousOpen = access.open;
  }
  return result;
}
