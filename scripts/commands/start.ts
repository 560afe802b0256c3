import path from 'node:path';
import { getConfig, resetConfig } from '#api/config.ts';
import { openDatabase } from '#api/db/client.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { loadCourseContent } from '#api/course/load.ts';
import { DEMO_STUDENT, DEMO_TEACHER, seedDemoStudent, seedDemoTeacher } from '#api/demo/seed.ts';
import { formatSummary, runSync, SyncBusyError } from '#api/sync/run.ts';
import { stepikSourceFromConfig } from '#api/sync/stepik-source.ts';
import { DEFAULT_FAKE_STATE_FILE } from '../fakes/stepik/persist.ts';
import { DEMO_LOGIN_CLIENT, DEMO_SYNC_CLIENT, startDemoFakeStepik } from '../fakes/stepik/demo.ts';
import { buildSite, isBuildCurrent, writeBuildStamp } from '../build.ts';
import { buildNode, isNodeBuildCurrent } from '../build-node.ts';
import { ru } from '#api/i18n/ru.ts';
import { type Command, type CommandIo } from '../command.ts';
import { serve } from './serve.ts';
import type { Course } from '#api/course/schema.ts';
import { describeError } from '#api/log/safe-error.ts';

const ROOT = process.cwd();
const OUT_DIR = path.join(ROOT, 'dist');

/** Without Stepik credentials: the fake Stepik in this process, wired in through the settings. */
async function startFakeStepikIfNeeded(course: Course, io: CommandIo): Promise<boolean> {
  if (getConfig().stepik.clientId) return false;
  const fake = await startDemoFakeStepik(course, {
    port: getConfig().stepik.fakePort,
    stateFile: DEFAULT_FAKE_STATE_FILE,
  });
  Object.assign(process.env, {
    STEPIK_BASE_URL: fake.url,
    STEPIC_CLIENT_ID: DEMO_SYNC_CLIENT.id,
    STEPIC_SECRET: DEMO_SYNC_CLIENT.secret,
    STEPIK_LOGIN_CLIENT_ID: DEMO_LOGIN_CLIENT.id,
    STEPIK_LOGIN_CLIENT_SECRET: DEMO_LOGIN_CLIENT.secret,
  });
  resetConfig();
  io.out(
    `Stepik не настроен: работает учебный Stepik на ${fake.url} — отмечайте шаги пройденными на ${fake.url}/_fake/ (прогресс хранится в ${DEFAULT_FAKE_STATE_FILE})`,
  );
  return true;
}

/**
 * Without Boomstream (no BOOMSTREAM_SECRET, no BOOMSTREAM_PLAYER_URL): the offline stand-in
 * player, so the lesson videos play (a timer) and watching is tracked. BOOMSTREAM_STAND_IN=0
 * keeps the plain Boomstream embeds instead.
 */
function useStandInPlayerIfNeeded(io: CommandIo): void {
  const config = getConfig();
  if (config.boomstream.standIn) return;
  if (
    config.env === 'production' ||
    config.boomstream.apiKey ||
    process.env.BOOMSTREAM_PLAYER_URL?.trim() ||
    process.env.BOOMSTREAM_STAND_IN?.trim() ||
    process.env.NODE_ENV === 'production'
  )
    return;
  process.env.BOOMSTREAM_STAND_IN = '1';
  resetConfig();
  io.out(ru.watch.standInStarted);
}

/** The periodic sync a cron job does in production (npm start only). */
function startSyncLoop(course: Course, intervalInSeconds: number, io: CommandIo): void {
  const config = getConfig();
  const source = stepikSourceFromConfig(config);
  if (!source || intervalInSeconds <= 0 || course.stepikCourseId === null) return;
  const database = openDatabase(config.databaseUrl);
  const tick = async (): Promise<void> => {
    try {
      const summary = await runSync(database, course, source, {
        classIds: config.stepik.classIds,
        requestsPerSecond: config.stepik.requestsPerSecond,
        staffTelegramIds: config.staff.telegramIds,
      });
      if (summary.unlocked.length) io.out(`sync: ${formatSummary(summary)}`);
    } catch (error) {
      if (!(error instanceof SyncBusyError)) io.err(`sync failed: ${describeError(error)}`);
    }
  };
  void tick();
  setInterval(() => void tick(), intervalInSeconds * 1000).unref();
  io.out(`Синхронизация со Stepik каждые ${intervalInSeconds} с.`);
}

export const startCommand: Command = {
  name: 'start',
  summary: 'Migrate, build if the sources changed, and serve the site (npm start)',
  usage: '',
  help: `
The one command for a fresh clone: checks the configuration, applies migrations to
DATABASE_URL (default: SQLite in data/app.db), checks the course content, rebuilds the site
when content/, site/ or api/ changed since the last build (and the compiled CLI and bot in
dist/node when their sources did), then serves it on HOST:PORT
(default 127.0.0.1:4321). For the demo course it adds a demo student to an empty database.
Without STEPIC_CLIENT_ID it runs a fake Stepik in the same process (the whole unlock flow works
offline) and syncs every minute; SYNC_INTERVAL (seconds) sets that interval with a real Stepik.`,
  async run(_input, io) {
    const config = getConfig();
    const { course } = loadCourseContent(config.contentDir);
    const database = openDatabase(config.databaseUrl);
    try {
      const report = await migrateDatabase(database);
      if (report.applied) io.out(`${database.label}: ${report.applied} migration(s) applied`);
      if (course.demo && (await seedDemoStudent(database)))
        io.out('Демо-курс: добавлен студент для входа.');
      // After the student: seedDemoStudent only fills an empty database.
      if (course.demo) await seedDemoTeacher(database);
    } finally {
      await database.close();
    }
    if (course.demo) {
      io.out(`Демо-вход: ${DEMO_STUDENT.email}, пароль ${DEMO_STUDENT.password}`);
      const teacherIsStaff = config.staff.emails.includes(DEMO_TEACHER.email);
      io.out(
        `Преподаватель: ${DEMO_TEACHER.email}, пароль ${DEMO_TEACHER.password} — ${teacherIsStaff ? 'раздел /admin открыт' : `/admin откроется при запуске с STAFF_EMAILS=${DEMO_TEACHER.email}`}`,
      );
    }
    if (!isBuildCurrent(ROOT, OUT_DIR, config.contentDir)) {
      io.out('Собираю сайт (astro build)…');
      await buildSite(ROOT);
      writeBuildStamp(ROOT, OUT_DIR, config.contentDir);
    }
    // After the site: astro build empties dist/, dist/node included. Imported statically, as
    // this process may itself run from the dist/node that the site build just removed.
    if (!isNodeBuildCurrent(ROOT)) {
      io.out(ru.cliBuild.building);
      await buildNode(ROOT);
    }
    const fake = await startFakeStepikIfNeeded(course, io);
    useStandInPlayerIfNeeded(io);
    startSyncLoop(course, getConfig().stepik.syncIntervalInSeconds || (fake ? 60 : 0), io);
    await serve(io);
  },
};
