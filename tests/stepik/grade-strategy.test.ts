import { describe, expect, it } from 'vitest';
import { chooseGradeStrategy } from '#api/sync/grade-strategy.ts';

describe('chooseGradeStrategy', () => {
  it.each([
    ['first sync: the size is unknown, walk', 10, null, 4, 'walk'],
    ['nobody linked: nothing to ask for', 0, 1000, 4, 'per-student'],
    ['1 of 1,000 linked', 1, 1000, 4, 'per-student'],
    ['10 % of 1,000 linked at 4 requests/s', 100, 1000, 4, 'per-student'],
    ['50 % of 1,000 linked', 500, 1000, 4, 'walk'],
    ['everyone linked', 1000, 1000, 4, 'walk'],
    ['a small course: 5 of 19 linked, one page walks them all', 5, 19, 4, 'walk'],
    ['10 % at 20 requests/s: requests are cheap, bytes decide', 100, 1000, 20, 'per-student'],
    ['more linked than the last walk saw (new enrolments): walk', 40, 30, 4, 'walk'],
  ] as const)('%s', (_name, linked, known, rps, expected) => {
    expect(
      chooseGradeStrategy({ linkedStudents: linked, knownLearners: known, requestsPerSecond: rps })
        .strategy,
    ).toBe(expected);
  });

  it('says what each way is expected to cost', () => {
    const choice = chooseGradeStrategy({
      linkedStudents: 100,
      knownLearners: 1000,
      requestsPerSecond: 4,
      entryBytes: 71_000,
      bytesPerSecond: 10_000_000,
    });
    expect(choice.walkSeconds).toBeCloseTo(50 * 0.25 + 1000 * 0.0071, 6);
    expect(choice.perStudentSeconds).toBeCloseTo(100 * (0.25 + 0.0071), 6);
  });
});
