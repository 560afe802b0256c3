/** Why a lesson is closed: one reason per closed lesson, by a fixed precedence (rules.ts CLOSED_REASONS). */
import { describe, expect, it } from 'vitest';
import { describeReason } from '#api/access/reason-text.ts';
import {
  applyRules,
  CLOSED_REASONS,
  type LessonAccessInput,
  type StudentStanding,
} from '#api/access/rules.ts';
import { toStanding } from '#api/access/standing.ts';
import { ru } from '#api/i18n/ru.ts';

const steps = [11, 12, 13];
const facts = (passed: number[]) => ({
  stepIds: steps,
  passedStepIds: new Set(passed),
  score: passed.length,
});
const lesson = (over: Partial<LessonAccessInput>): LessonAccessInput => ({
  rule: { rule: 'all-steps' },
  facts: facts([]),
  unlockedAt: null,
  override: null,
  ...over,
});
const stranger: StudentStanding = { onCourse: false, stepikLinked: true, missingFromCourse: false };
const unlinked: StudentStanding = { onCourse: true, stepikLinked: false, missingFromCourse: false };
const missing: StudentStanding = { onCourse: true, stepikLinked: true, missingFromCourse: true };
const enrolled: StudentStanding = { onCourse: true, stepikLinked: true, missingFromCourse: false };
const closedBefore = lesson({});
const afterPrevious = { rule: 'all-steps', after_previous: true } as const;

describe('applyRules: the reason of the last lesson', () => {
  it.each<[string, StudentStanding, LessonAccessInput[], string]>([
    // Each reason on its own.
    ['not on the roster', stranger, [lesson({})], 'closed:not_a_student'],
    ['revoked by staff', enrolled, [lesson({ override: 'revoke' })], 'closed:revoked'],
    ['the rule is closed', enrolled, [lesson({ rule: { rule: 'closed' } })], 'closed:closed'],
    ['Stepik not linked', unlinked, [lesson({})], 'closed:stepik_not_linked'],
    ['linked, not in the course', missing, [lesson({})], 'closed:not_in_course'],
    [
      'the previous lesson is closed',
      enrolled,
      [closedBefore, lesson({ rule: afterPrevious, facts: facts(steps) })],
      'closed:previous',
    ],
    ['steps not passed', enrolled, [lesson({ facts: facts([11]) })], 'closed:steps'],
    // Several at once: the first in CLOSED_REASONS wins.
    [
      'not_a_student > revoked, grant and a recorded unlock',
      stranger,
      [lesson({ override: 'revoke', unlockedAt: new Date() })],
      'closed:not_a_student',
    ],
    ['not_a_student > a grant', stranger, [lesson({ override: 'grant' })], 'closed:not_a_student'],
    [
      'not_a_student > passed steps (roster mode)',
      stranger,
      [lesson({ facts: facts(steps) })],
      'closed:not_a_student',
    ],
    [
      'not_a_student > a lesson without Stepik that is open to everyone',
      stranger,
      [lesson({ rule: { rule: 'open' }, onStepik: false })],
      'closed:not_a_student',
    ],
    [
      'revoked > closed rule',
      enrolled,
      [lesson({ override: 'revoke', rule: { rule: 'closed' } })],
      'closed:revoked',
    ],
    ['revoked > Stepik not linked', unlinked, [lesson({ override: 'revoke' })], 'closed:revoked'],
    [
      'closed > Stepik not linked',
      unlinked,
      [lesson({ rule: { rule: 'closed' } })],
      'closed:closed',
    ],
    [
      'stepik_not_linked > previous',
      unlinked,
      [closedBefore, lesson({ rule: afterPrevious })],
      'closed:stepik_not_linked',
    ],
    [
      'not_in_course > previous',
      missing,
      [closedBefore, lesson({ rule: afterPrevious })],
      'closed:not_in_course',
    ],
    [
      'previous > steps',
      enrolled,
      [closedBefore, lesson({ rule: afterPrevious, facts: facts([11]) })],
      'closed:previous',
    ],
    // What still opens.
    [
      'a grant opens for an unlinked student',
      unlinked,
      [lesson({ override: 'grant' })],
      'open:granted',
    ],
    [
      'a recorded unlock holds for a student no longer in the course',
      missing,
      [lesson({ unlockedAt: new Date() })],
      'open:unlocked',
    ],
    [
      'a lesson without Stepik is open to an unlinked student',
      unlinked,
      [lesson({ rule: { rule: 'open' }, onStepik: false })],
      'open:rule',
    ],
    [
      'a closed lesson without Stepik says closed, not "link Stepik"',
      unlinked,
      [lesson({ rule: { rule: 'closed' }, onStepik: false })],
      'closed:closed',
    ],
  ])('%s', (_name, standing, inputs, expected) => {
    const last = applyRules(inputs, standing).at(-1)!;
    expect(`${last.open ? 'open' : 'closed'}:${last.reason}`).toBe(expected);
  });

  it('lists the precedence in one place', () => {
    expect(CLOSED_REASONS).toEqual([
      'not_a_student',
      'revoked',
      'closed',
      'not_yet',
      'stepik_not_linked',
      'not_in_course',
      'previous',
      'watch',
      'steps',
    ]);
  });
});

describe('toStanding', () => {
  it.each([
    [
      'stepik mode: anyone signed in is on the course',
      { stepikUserId: null, stepikMissingSince: null, onRoster: false },
      'stepik',
      { onCourse: true, stepikLinked: false, missingFromCourse: false },
    ],
    [
      'roster mode: off the roster',
      { stepikUserId: 5, stepikMissingSince: null, onRoster: false },
      'roster',
      { onCourse: false, stepikLinked: true, missingFromCourse: false },
    ],
    [
      'roster mode: on the roster',
      { stepikUserId: 5, stepikMissingSince: null, onRoster: true },
      'roster',
      { onCourse: true, stepikLinked: true, missingFromCourse: false },
    ],
    [
      'missing only counts while linked',
      { stepikUserId: null, stepikMissingSince: new Date(), onRoster: true },
      'stepik',
      { onCourse: true, stepikLinked: false, missingFromCourse: false },
    ],
    [
      'linked and missing',
      { stepikUserId: 5, stepikMissingSince: new Date(), onRoster: true },
      'stepik',
      { onCourse: true, stepikLinked: true, missingFromCourse: true },
    ],
  ] as const)('%s', (_name, facts, audience, expected) => {
    expect(toStanding(facts, audience)).toEqual(expected);
  });
});

describe('describeReason', () => {
  const context = {
    stepsPassed: 3,
    stepsTotal: 5,
    progressTemplate: ru.site.state.progressTemplate,
    stepsForms: ru.site.state.stepsForms,
    stepikLessonUrl: 'https://stepik.org/lesson/7',
    stepikCourseUrl: 'https://stepik.org/course/9',
    previousLessonUrl: '/lessons/intro',
  };

  it.each([
    ['not_a_student', '/login'],
    ['stepik_not_linked', '/auth/stepik'],
    ['not_in_course', 'https://stepik.org/course/9'],
    ['steps', 'https://stepik.org/lesson/7'],
    ['previous', '/lessons/intro'],
    ['revoked', null],
    ['closed', null],
  ])('%s: its own sentence and action (%s)', (reason, url) => {
    const text = describeReason(reason, ru.reasons, context);
    expect(text.sentence).toBe(ru.reasons[reason as keyof typeof ru.reasons].sentence);
    expect(text.action?.url ?? null).toBe(url);
  });

  it('sends to the steps while a release date is waited for, only while steps are left', () => {
    const waiting = { ...context, availableText: '10 декабря в 10:00 (МСК)' };
    expect(describeReason('not_yet', ru.reasons, waiting)).toMatchObject({
      sentence: 'Видео откроется 10 декабря в 10:00 (МСК).',
      hint: 'Пройдено: 3 из 5 шагов.',
      action: { label: ru.reasons.not_yet.action, url: 'https://stepik.org/lesson/7' },
    });
    // Every step passed: only the date is left, nothing to do.
    const done = { ...waiting, stepsPassed: 5 };
    expect(describeReason('not_yet', ru.reasons, done).action).toBeNull();
    // No steps known (not linked yet, or a lesson without Stepik): no action either.
    const none = { ...waiting, stepsPassed: 0, stepsTotal: 0 };
    expect(describeReason('not_yet', ru.reasons, none).action).toBeNull();
  });

  it('counts the steps in the badge and the hint of `steps`', () => {
    const text = describeReason('steps', ru.reasons, context);
    expect(text.badge).toBe('3 из 5 шагов');
    expect(text.hint).toBe('Пройдено: 3 из 5 шагов.');
  });

  it('shows an unknown reason generically, without an action', () => {
    expect(describeReason('release_date', ru.reasons, context)).toEqual({
      reason: 'release_date',
      badge: ru.reasons.unknown.badge,
      sentence: ru.reasons.unknown.sentence,
      hint: '',
      action: null,
    });
  });

  it('gives every reason distinct words', () => {
    const sentences = CLOSED_REASONS.map((r) => ru.reasons[r].sentence);
    expect(new Set(sentences).size).toBe(CLOSED_REASONS.length);
  });
});
