import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { getConfig } from '../../api/config.ts';
import { openDatabase } from '../../api/db/client.ts';
import { migrateDatabase } from '../../api/db/migrate.ts';
import { loadCourseContent } from '../../api/course/load.ts';
import { DEMO_STUDENT, seedDemoStudent } from '../../api/demo/seed.ts';
import { buildSite, isBuildCurrent, writeBuildStamp } from '../build.ts';
import { CliError, type Command, type CommandIo } from '../command.ts';

const ROOT = process.cwd();
const OUT_DIR = path.join(ROOT, 'dist');

async function serve(io: CommandIo): Promise<void> {
  const config = getConfig();
  const entry = path.join(OUT_DIR, 'server', 'entry.mjs');
  if (!existsSync(entry)) throw new CliError('dist/server/entry.mjs is missing: run "npm run build" first');
  process.env.HOST = config.host;
  process.env.PORT = String(config.port);
  await import(pathToFileURL(entry).href);
  io.out(`Сайт курса: ${config.appOrigin}/  (слушает ${config.host}:${config.port}, база ${path.basename(config.databaseUrl)})`);
}

export const startCommand: Command = {
  name: 'start',
  summary: 'Migrate, build if the sources changed, and serve the site (npm start)',
  usage: '',
  help: `
The one command for a fresh clone: checks the configuration, applies migrations to
DATABASE_URL (default: SQLite in data/app.db), checks the course content, rebuilds the site
when content/, site/ or api/ changed since the last build, then serves it on HOST:PORT
(default 127.0.0.1:4321).`,
  async run(_input, io) {
    const config = getConfig();
    const { course } = loadCourseContent(config.contentDir);
    const database = openDatabase(config.databaseUrl);
    try {
      const report = await migrateDatabase(database);
      if (report.applied) io.out(`${database.label}: ${report.applied} migration(s) applied`);
      if (course.demo && (await seedDemoStudent(database))) io.out('Демо-курс: добавлен студент для входа.');
    } finally {
      await database.close();
    }
    if (course.demo) io.out(`Демо-вход: ${DEMO_STUDENT.email}, пароль ${DEMO_STUDENT.password}`);
    if (!isBuildCurrent(ROOT, OUT_DIR, config.contentDir)) {
      io.out('Собираю сайт (astro build)…');
      await buildSite(ROOT);
      writeBuildStamp(ROOT, OUT_DIR, config.contentDir);
    }
    await serve(io);
  },
};

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the already built site (production start command)',
  usage: '',
  help: `
Checks the configuration and serves dist/ on HOST:PORT. It neither builds nor migrates:
on Render the build and "migrate" run as their own steps before it.`,
  async run(_input, io) {
    await serve(io);
  },
};
