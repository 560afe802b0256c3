/**
 * `fake-stepik`: runs the bundled fake Stepik with the course from content/, for trying the
 * unlock flow offline; `fake-stepik mark`: passes or un-passes a lesson or step there.
 */
import { getConfig } from '#api/config.ts';
import { loadCourseContent } from '#api/course/load.ts';
import { DEFAULT_FAKE_STATE_FILE } from '../fakes/stepik/persist.ts';
import {
  DEMO_CLASS_ID,
  DEMO_LOGIN_CLIENT,
  DEMO_SYNC_CLIENT,
  startDemoFakeStepik,
} from '../fakes/stepik/demo.ts';
import { CliError, integerOption, stringOption, type Command } from '../command.ts';

export const fakeStepikCommand: Command = {
  name: 'fake-stepik',
  summary: 'Run the bundled fake Stepik with the course from content/ (offline demo, development)',
  usage: '[--port N] [--content DIR] [--state FILE]',
  help: `
Starts a fake Stepik on 127.0.0.1 that speaks Stepik's OAuth 2 and REST API: the course,
sections, lessons and steps of content/course.yaml (lessons with a lesson_id; 3–6 steps each,
the same ids on every run), the demo learners (700001 "Демо Студент" and two more) and a
class. It prints the settings to point the site at it and the admin page, where steps and
lessons can be marked passed. Runs until stopped (Ctrl+C).

Options:
  --port N       port to listen on (default: FAKE_STEPIK_PORT, else the last one, else a free one)
  --content DIR  content folder (default: CONTENT_DIR, i.e. content/)
  --state FILE   where passed steps and the port are kept across restarts
                 (default: data/fake-stepik.json; delete it to start afresh)`,
  options: { port: { type: 'string' }, content: { type: 'string' }, state: { type: 'string' } },
  async run(input, io) {
    const config = getConfig();
    const port = integerOption(input, 'port', { min: 0 }) ?? config.stepik.fakePort;
    if (port > 65535) throw new CliError(`--port must be at most 65535, got ${port}`);
    const { course } = loadCourseContent(stringOption(input, 'content') ?? config.contentDir);
    let fake;
    try {
      fake = await startDemoFakeStepik(course, {
        port,
        stateFile: stringOption(input, 'state') ?? DEFAULT_FAKE_STATE_FILE,
      });
    } catch (error) {
      throw new CliError(
        `cannot start the fake Stepik (port ${port}): ${(error as Error).message}`,
      );
    }
    const { catalog } = fake.state;
    const [courseId] = catalog.courses.keys();
    const lessons = courseId === undefined ? [] : catalog.courseLessons(courseId);
    io.out(`Fake Stepik: ${fake.url}`);
    io.out(`Admin page: ${fake.url}/_fake/`);
    io.out(
      `Course ${courseId ?? '—'}: ${lessons.length} lesson(s), ${lessons.reduce((n, l) => n + l.stepIds.length, 0)} step(s); class ${DEMO_CLASS_ID}`,
    );
    io.out(
      `Learners: ${[...fake.state.learners.values()].map((l) => `${l.id} ${l.firstName} ${l.lastName}`).join(', ')}`,
    );
    io.out('Point the site at it (e.g. in .env):');
    io.out(`  STEPIK_BASE_URL=${fake.url}`);
    io.out(`  STEPIC_CLIENT_ID=${DEMO_SYNC_CLIENT.id}`);
    io.out(`  STEPIC_SECRET=${DEMO_SYNC_CLIENT.secret}`);
    io.out(`  STEPIK_LOGIN_CLIENT_ID=${DEMO_LOGIN_CLIENT.id}`);
    io.out(`  STEPIK_LOGIN_CLIENT_SECRET=${DEMO_LOGIN_CLIENT.secret}`);
    io.out(
      `Mark a lesson passed: npm run cli -- fake-stepik mark --url ${fake.url} --user 700001 --lesson ${lessons[0]?.id ?? 'L'}`,
    );
    io.out('Stop with Ctrl+C.');
    // The listening server keeps the process alive; stop cleanly on a signal.
    const stop = (): void => void fake.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
};

export const fakeStepikMarkCommand: Command = {
  name: 'fake-stepik mark',
  summary:
    'Mark a lesson (or one step) passed or not passed for a learner on a running fake Stepik',
  usage: '--url U --user N (--lesson L | --step S) [--unpass]',
  help: `
Calls the running fake's admin API (POST <url>/_fake/progress), as if the learner had just
passed the lesson's steps on Stepik. The site sees it at its next sync or "check again".

Options:
  --url U      the fake's address, as "fake-stepik" printed it (e.g. http://127.0.0.1:4399)
  --user N     the learner's Stepik user id (e.g. 700001)
  --lesson L   the Stepik lesson id: every step of it
  --step S     one step id instead of a whole lesson
  --unpass     mark as not passed instead`,
  options: {
    url: { type: 'string' },
    user: { type: 'string' },
    lesson: { type: 'string' },
    step: { type: 'string' },
    unpass: { type: 'boolean' },
  },
  async run(input, io) {
    const url = stringOption(input, 'url');
    if (!url)
      throw new CliError("--url is required: the fake's address, e.g. http://127.0.0.1:4399", 2);
    const user = integerOption(input, 'user', { min: 1 });
    if (user === undefined) throw new CliError("--user is required: the learner's Stepik id", 2);
    const lesson = integerOption(input, 'lesson', { min: 1 });
    const step = integerOption(input, 'step', { min: 1 });
    if ((lesson === undefined) === (step === undefined))
      throw new CliError('give exactly one of --lesson L or --step S', 2);
    const passed = input.values.unpass !== true;
    let response: Response;
    try {
      response = await fetch(new URL('/_fake/progress', url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user, passed, ...(lesson !== undefined ? { lesson } : { step }) }),
      });
    } catch (error) {
      throw new CliError(
        `cannot reach the fake Stepik at ${url}: ${(error as { cause?: Error }).cause?.message ?? (error as Error).message}`,
      );
    }
    const body = (await response.json().catch(() => ({}))) as {
      message?: string;
      steps?: number[];
    };
    if (!response.ok)
      throw new CliError(`the fake Stepik refused: ${body.message ?? `HTTP ${response.status}`}`);
    const what =
      lesson !== undefined
        ? `lesson ${lesson} (steps ${body.steps?.join(', ') ?? '?'})`
        : `step ${step}`;
    io.out(`${what}: learner ${user} — ${passed ? 'passed' : 'not passed'}`);
  },
};
