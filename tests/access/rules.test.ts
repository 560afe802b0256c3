import { describe, expect, it } from 'vitest';
import { applyRules, evaluateRule, type LessonAccessInput } from '#api/access/rules.ts';
import type { UnlockRule } from '#api/course/schema.ts';

const steps = [11, 12, 13, 14, 15];
const facts = (passed: number[], score = passed.length) => ({
  stepIds: steps,
  passedStepIds: new Set(passed),
  score,
});

describe('evaluateRule', () => {
  it.each<[string, UnlockRule, number[], number | undefined, boolean, string]>([
    ['all steps: all passed', { rule: 'all-steps' }, [11, 12, 13, 14, 15], undefined, true, '5/5'],
    ['all steps: one missing', { rule: 'all-steps' }, [11, 12, 13, 14], undefined, false, '4/5'],
    [
      'all steps: passed steps of other lessons do not count',
      { rule: 'all-steps' },
      [11, 12, 13, 14, 99],
      undefined,
      false,
      '4/5',
    ],
    ['share 0.8: 4 of 5', { rule: 'share', min: 0.8 }, [11, 12, 13, 14], undefined, true, '4/5'],
    ['share 0.8: 3 of 5', { rule: 'share', min: 0.8 }, [11, 12, 13], undefined, false, '3/5'],
    ['score ≥ 3.5: 4 points', { rule: 'score', min: 3.5 }, [11], 4, true, '1/5'],
    ['score ≥ 3.5: 3 points', { rule: 'score', min: 3.5 }, [11, 12, 13], 3, false, '3/5'],
    [
      'chosen steps 2 and 5 passed',
      { rule: 'steps', steps: [2, 5] },
      [12, 15],
      undefined,
      true,
      '2/2',
    ],
    [
      'chosen steps: 5 missing',
      { rule: 'steps', steps: [2, 5] },
      [12, 13, 14],
      undefined,
      false,
      '1/2',
    ],
    [
      'chosen step past the end never opens',
      { rule: 'steps', steps: [2, 9] },
      steps,
      undefined,
      false,
      '1/2',
    ],
    ['open', { rule: 'open' }, [], undefined, true, '0/5'],
    ['closed', { rule: 'closed' }, steps, undefined, false, '5/5'],
  ])('%s', (_name, rule, passed, score, open, shown) => {
    const outcome = evaluateRule(rule, facts(passed, score));
    expect(outcome.open).toBe(open);
    expect(`${outcome.stepsPassed}/${outcome.stepsTotal}`).toBe(shown);
  });

  it('keeps a lesson closed while its steps are unknown (structure not synced yet)', () => {
    expect(
      evaluateRule({ rule: 'all-steps' }, { stepIds: [], passedStepIds: new Set([1]), score: 1 })
        .open,
    ).toBe(false);
    expect(
      evaluateRule({ rule: 'share', min: 0.5 }, { stepIds: [], passedStepIds: new Set(), score: 0 })
        .open,
    ).toBe(false);
  });
});

describe('applyRules', () => {
  const lesson = (over: Partial<LessonAccessInput>): LessonAccessInput => ({
    rule: { rule: 'all-steps' },
    facts: facts([]),
    unlockedAt: null,
    override: null,
    ...over,
  });
  const passedAll = facts(steps);

  it.each<[string, LessonAccessInput[], string[]]>([
    ['the rule decides', [lesson({ facts: passedAll }), lesson({})], ['open:rule', 'closed:steps']],
    [
      'a recorded unlock holds after progress drops',
      [lesson({ unlockedAt: new Date() })],
      ['open:unlocked'],
    ],
    [
      'a revoke wins over progress and a recorded unlock',
      [lesson({ facts: passedAll, unlockedAt: new Date(), override: 'revoke' })],
      ['closed:revoked'],
    ],
    ['a grant opens without progress', [lesson({ override: 'grant' })], ['open:granted']],
    [
      'after_previous waits for the lesson before',
      [lesson({}), lesson({ rule: { rule: 'all-steps', after_previous: true }, facts: passedAll })],
      ['closed:steps', 'closed:previous'],
    ],
    [
      'after_previous opens once the lesson before is open',
      [
        lesson({ override: 'grant' }),
        lesson({ rule: { rule: 'all-steps', after_previous: true }, facts: passedAll }),
      ],
      ['open:granted', 'open:rule'],
    ],
    [
      'after_previous sees a revoked lesson before as closed',
      [
        lesson({ facts: passedAll, override: 'revoke' }),
        lesson({ rule: { rule: 'open' } }),
        lesson({ rule: { rule: 'all-steps', after_previous: true }, facts: passedAll }),
      ],
      ['closed:revoked', 'open:rule', 'open:rule'],
    ],
  ])('%s', (_name, inputs, expected) => {
    expect(applyRules(inputs).map((a) => `${a.open ? 'open' : 'closed'}:${a.reason}`)).toEqual(
      expected,
    );
  });
});
