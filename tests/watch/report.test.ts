/**
 * The watch report as a function, on SQLite and PostgreSQL, with the clock in the test's hands:
 * the union, the wall-clock bound, and every refusal storing nothing.
 */
import { describe, expect, it } from 'vitest';
import { parseCourseYaml } from '#api/course/load.ts';
import type { Database } from '#api/db/client.ts';
import { recordWatchReport, type WatchAnswer } from '#api/watch/report.ts';
import { loadWatchedShares, STAND_IN_CLIP_SECONDS } from '#api/watch/shares.ts';
import { dialects, disposeAfterEach } from '../support/databases.ts';

const course = parseCourseYaml(`
course: { title: "Курс", stepik_course_id: null }
modules:
  - title: "Модуль"
    lessons:
      - slug: two-parts
        title: "Две части"
        videos:
          - { code: PartOne1, title: "часть 1" }
          - { code: PartTwo2, title: "часть 2" }
      - slug: timed
        title: "С длительностью"
        videos:
          - { code: Timed001, title: "видео", duration: "2:00" }
      - slug: no-video
        title: "Без видео"
      - slug: closed
        title: "Закрытый"
        unlock: { rule: closed }
        videos:
          - { code: Closed01, title: "видео" }
`);

const OFF = { boomstream: { standIn: false } } as never;
const STAND_IN = { boomstream: { standIn: true } } as never;
const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function student(database: Database, email = 'anna@example.ru'): Promise<{ id: number }> {
  const [user] = await database.db
    .insert(database.t.users)
    .values({ email })
    .returning({ id: database.t.users.id });
  return user!;
}

async function rows(database: Database) {
  const all = await database.db.select().from(database.t.watchProgress);
  return all
    .map((r) => ({
      code: r.mediaCode,
      intervals: r.intervals,
      seconds: r.watchedSeconds,
      duration: r.duration,
      last: r.lastReportAt.toISOString(),
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

function ok(answer: WatchAnswer) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as Extract<WatchAnswer, { status: 200 }>['body'];
}

describe.each(dialects)('recordWatchReport on $name', ({ create }) => {
  const fresh = disposeAfterEach();

  it('credits only the slack on a first report, then what the wall clock allows, and a rewatch nothing', async () => {
    const { database } = await fresh(create);
    const user = await student(database);
    const report = (seconds: number, intervals: [number, number][]) =>
      recordWatchReport(
        database,
        OFF,
        course,
        user,
        'two-parts',
        { parts: [{ part: 0, intervals, duration: 120 }] },
        { now: at(seconds) },
      );

    // A first report has no clock to measure against: 5 s of slack, in video order.
    expect(ok(await report(0, [[0, 60]])).parts[0]).toMatchObject({
      part: 0,
      watchedSeconds: 5,
      duration: 120,
    });
    // 10 s later: up to 2 × 10 + 5 = 25 new seconds.
    expect(ok(await report(10, [[0, 60]])).parts[0]!.watchedSeconds).toBe(30);
    // Watched again: nothing new, however long it took.
    expect(ok(await report(100, [[0, 30]])).parts[0]!.watchedSeconds).toBe(30);
    // A seek ahead: the player reports only what it played; the gap stays unwatched.
    const after = ok(
      await report(130, [
        [0, 30],
        [90, 100],
      ]),
    );
    expect(after.parts[0]!.watchedSeconds).toBe(40);
    expect(await rows(database)).toEqual([
      {
        code: 'PartOne1',
        intervals: [
          [0, 30],
          [90, 100],
        ],
        seconds: 40,
        duration: 120,
        last: at(130).toISOString(),
      },
    ]);
    // Two parts of unknown length: the second weighs as much as the first until it is reported.
    expect(after.watched).toBeCloseTo(40 / 240);
    expect(after.parts[1]).toEqual({ part: 1, watched: 0, watchedSeconds: 0, duration: null });
  });

  it('bounds a forged report: an hour claimed a minute after the first report gets 2 minutes and 5 s', async () => {
    const { database } = await fresh(create);
    const user = await student(database);
    ok(
      await recordWatchReport(
        database,
        OFF,
        course,
        user,
        'two-parts',
        { parts: [{ part: 1, intervals: [], duration: 3600 }] },
        { now: at(0) },
      ),
    );
    const forged = ok(
      await recordWatchReport(
        database,
        OFF,
        course,
        user,
        'two-parts',
        { parts: [{ part: 1, intervals: [[0, 3600]], duration: 3600 }] },
        { now: at(60) },
      ),
    );
    expect(forged.parts[1]!.watchedSeconds).toBe(125);
    expect((await rows(database))[0]!.intervals).toEqual([[0, 125]]);
    // The refused rest can be credited later, as the clock allows.
    const later = ok(
      await recordWatchReport(
        database,
        OFF,
        course,
        user,
        'two-parts',
        { parts: [{ part: 1, intervals: [[0, 3600]], duration: 3600 }] },
        { now: at(120) },
      ),
    );
    expect(later.parts[1]!.watchedSeconds).toBe(250);
  });

  it('merges a batch of two parts into one lesson share', async () => {
    const { database } = await fresh(create);
    const user = await student(database);
    const batch = (seconds: number, a: [number, number][], b: [number, number][]) =>
      recordWatchReport(
        database,
        OFF,
        course,
        user,
        'two-parts',
        {
          parts: [
            { part: 0, intervals: a, duration: 60 },
            { part: 1, intervals: b, duration: 40 },
          ],
        },
        { now: at(seconds) },
      );
    ok(await batch(0, [], []));
    const answer = ok(
      await batch(
        30,
        [[0, 30]],
        [
          [10, 20],
          [15, 35],
        ],
      ),
    );
    expect(answer.parts.map((p) => p.watchedSeconds)).toEqual([30, 25]);
    expect(answer.watched).toBeCloseTo(55 / 100);
    expect(answer.parts[1]!.watched).toBeCloseTo(25 / 40);
    expect(
      (await loadWatchedShares(database, course, user.id, { standIn: false })).get('two-parts'),
    ).toBeCloseTo(0.55);
  });

  it('keeps each student to their own rows', async () => {
    const { database } = await fresh(create);
    const anna = await student(database);
    const ivan = await student(database, 'ivan@example.ru');
    ok(
      await recordWatchReport(
        database,
        OFF,
        course,
        anna,
        'two-parts',
        { parts: [{ part: 0, intervals: [[0, 5]], duration: 60 }] },
        { now: at(0) },
      ),
    );
    expect(
      (await loadWatchedShares(database, course, ivan.id, { standIn: false })).get('two-parts'),
    ).toBe(0);
    expect(
      (await loadWatchedShares(database, course, anna.id, { standIn: false })).get('two-parts'),
    ).toBeCloseTo(5 / 120);
  });

  it('holds a part to the length course.yaml gives, or to the first report', async () => {
    const { database } = await fresh(create);
    const user = await student(database);
    const timed = (duration: number) =>
      recordWatchReport(
        database,
        OFF,
        course,
        user,
        'timed',
        { parts: [{ part: 0, intervals: [], duration }] },
        { now: at(0) },
      );
    expect(await timed(30)).toMatchObject({ status: 422, body: { error: 'duration_mismatch' } });
    expect(ok(await timed(121)).parts[0]!.duration).toBe(120);
    // Unknown length: the first report fixes it for this student.
    ok(
      await recordWatchReport(
        database,
        OFF,
        course,
        user,
        'two-parts',
        { parts: [{ part: 0, intervals: [], duration: 600 }] },
        { now: at(0) },
      ),
    );
    const shorter = await recordWatchReport(
      database,
      OFF,
      course,
      user,
      'two-parts',
      { parts: [{ part: 0, intervals: [[0, 10]], duration: 10 }] },
      { now: at(60) },
    );
    expect(shorter).toMatchObject({ status: 422, body: { error: 'duration_mismatch' } });
    expect((await rows(database)).map((r) => [r.code, r.seconds, r.duration])).toEqual([
      ['PartOne1', 0, 600],
      ['Timed001', 0, 120],
    ]);
  });

  it('with the stand-in player holds parts to its clip length', async () => {
    const { database } = await fresh(create);
    const user = await student(database);
    expect(
      await recordWatchReport(database, STAND_IN, course, user, 'two-parts', {
        parts: [{ part: 0, intervals: [], duration: 600 }],
      }),
    ).toMatchObject({ status: 422 });
    const answer = ok(
      await recordWatchReport(database, STAND_IN, course, user, 'two-parts', {
        parts: [{ part: 0, intervals: [[0, 4]], duration: STAND_IN_CLIP_SECONDS }],
      }),
    );
    expect(answer.parts[0]!.duration).toBe(STAND_IN_CLIP_SECONDS);
    expect(answer.watched).toBeCloseTo(4 / (2 * STAND_IN_CLIP_SECONDS));
  });

  const part = { part: 0, intervals: [[0, 5]], duration: 60 };
  it.each([
    ['an unknown lesson', 'nope', { parts: [part] }, 404, 'lesson_not_found'],
    ['a lesson without video', 'no-video', { parts: [part] }, 404, 'no_video'],
    ['a closed lesson', 'closed', { parts: [part] }, 403, 'locked'],
    [
      'a part the lesson does not have',
      'two-parts',
      { parts: [{ ...part, part: 2 }] },
      400,
      'unknown_part',
    ],
    ['a negative part', 'two-parts', { parts: [{ ...part, part: -1 }] }, 400, 'unknown_part'],
    [
      'more parts than the lesson has',
      'two-parts',
      { parts: [part, { ...part, part: 1 }, { ...part, part: 0 }] },
      400,
      'unknown_part',
    ],
    ['a part named twice', 'two-parts', { parts: [part, part] }, 400, 'bad_report'],
    [
      'a good part beside a bad one',
      'two-parts',
      { parts: [part, { ...part, part: 1, intervals: [[5, 1]] }] },
      400,
      'bad_report',
    ],
    ['not an object', 'two-parts', [part], 400, 'bad_report'],
    ['null', 'two-parts', null, 400, 'bad_report'],
    ['no parts', 'two-parts', { parts: [] }, 400, 'bad_report'],
    ['parts not a list', 'two-parts', { parts: 'all' }, 400, 'bad_report'],
    ['a fractional part', 'two-parts', { parts: [{ ...part, part: 0.5 }] }, 400, 'bad_report'],
    ['a part as text', 'two-parts', { parts: [{ ...part, part: '0' }] }, 400, 'bad_report'],
    [
      'intervals not a list',
      'two-parts',
      { parts: [{ ...part, intervals: {} }] },
      400,
      'bad_report',
    ],
    [
      'an interval of three numbers',
      'two-parts',
      { parts: [{ ...part, intervals: [[0, 1, 2]] }] },
      400,
      'bad_report',
    ],
    [
      'an interval backwards',
      'two-parts',
      { parts: [{ ...part, intervals: [[10, 5]] }] },
      400,
      'bad_report',
    ],
    [
      'a negative time',
      'two-parts',
      { parts: [{ ...part, intervals: [[-5, 5]] }] },
      400,
      'bad_report',
    ],
    [
      'a time as text',
      'two-parts',
      { parts: [{ ...part, intervals: [['0', 5]] }] },
      400,
      'bad_report',
    ],
    [
      'too many intervals',
      'two-parts',
      {
        parts: [{ ...part, intervals: Array.from({ length: 1001 }, (_, i) => [i / 100, i / 100]) }],
      },
      400,
      'bad_report',
    ],
    [
      'an interval past the end',
      'two-parts',
      { parts: [{ ...part, intervals: [[0, 70]] }] },
      422,
      'bad_duration',
    ],
    ['a zero duration', 'two-parts', { parts: [{ ...part, duration: 0 }] }, 422, 'bad_duration'],
    [
      'a duration over a day',
      'two-parts',
      { parts: [{ ...part, duration: 86_401 }] },
      422,
      'bad_duration',
    ],
    [
      'a duration as text',
      'two-parts',
      { parts: [{ ...part, duration: '60' }] },
      422,
      'bad_duration',
    ],
    ['no duration', 'two-parts', { parts: [{ part: 0, intervals: [] }] }, 422, 'bad_duration'],
  ])('refuses %s and stores nothing', async (_name, lesson, body, status, error) => {
    const { database } = await fresh(create);
    const user = await student(database);
    // Something stored already: a refusal must leave it exactly as it was.
    ok(
      await recordWatchReport(
        database,
        OFF,
        course,
        user,
        'two-parts',
        { parts: [{ part: 0, intervals: [], duration: 60 }] },
        { now: at(0) },
      ),
    );
    const before = await rows(database);
    const answer = await recordWatchReport(database, OFF, course, user, lesson, body, {
      now: at(30),
    });
    expect(answer).toMatchObject({ status, body: { error, message: expect.any(String) } });
    expect(await rows(database)).toEqual(before);
  });

  it('loses nothing when two reports for the same part race', async () => {
    const { database } = await fresh(create);
    const user = await student(database);
    ok(
      await recordWatchReport(
        database,
        OFF,
        course,
        user,
        'two-parts',
        { parts: [{ part: 0, intervals: [], duration: 100 }] },
        { now: at(0) },
      ),
    );
    const answers = await Promise.all([
      recordWatchReport(
        database,
        OFF,
        course,
        user,
        'two-parts',
        { parts: [{ part: 0, intervals: [[0, 10]], duration: 100 }] },
        { now: at(50) },
      ),
      recordWatchReport(
        database,
        OFF,
        course,
        user,
        'two-parts',
        { parts: [{ part: 0, intervals: [[50, 60]], duration: 100 }] },
        { now: at(50) },
      ),
    ]);
    for (const answer of answers) ok(answer);
    const [row] = await rows(database);
    // Whichever wrote second measured from the first one's report (0 s later): only the slack.
    expect(row!.seconds).toBe(15);
    expect(row!.intervals).toHaveLength(2);
  });
});
