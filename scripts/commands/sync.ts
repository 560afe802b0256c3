import { getConfig } from '#api/config.ts';
import { getCourse } from '#api/course/instance.ts';
import { openDatabase } from '#api/db/client.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { findUserByRef } from '#api/access/overrides.ts';
import { formatSummary, runSync } from '#api/sync/run.ts';
import { stepikSourceFromConfig } from '#api/sync/stepik-source.ts';
import { CliError, stringOption, type Command } from '../command.ts';

export const syncCommand: Command = {
  name: 'sync',
  summary: "Read the course structure and every student's progress from Stepik",
  usage: '[--user <email or id>] [--structure]',
  options: { user: { type: 'string' }, structure: { type: 'boolean' } },
  help: `
Walks the teacher's grade book on Stepik (course-grades, page by page; per class when
STEPIK_CLASS_IDS is set), stores each linked student's progress per lesson, records the lessons
that opened and queues the bot's messages. Needs STEPIC_CLIENT_ID / STEPIC_SECRET of an app
owned by a teacher of the course. A database lock keeps two syncs from overlapping; the Render
cron job runs this every 10 minutes.

  --user <email or id>  only this student (one request), as "Проверить снова" does
  --structure           re-read sections, lessons and steps even if they are fresh

Prints a one-line summary: students, lessons newly unlocked, requests made, time.`,
  async run(input, io) {
    const config = getConfig();
    const source = stepikSourceFromConfig(config);
    if (!source)
      throw new CliError(
        'STEPIC_CLIENT_ID and STEPIC_SECRET are not set (for a local try, "npm start" runs a fake Stepik)',
      );
    const course = getCourse();
    const database = openDatabase(config.databaseUrl);
    try {
      await migrateDatabase(database);
      let stepikUserId: number | undefined;
      const userRef = stringOption(input, 'user');
      if (userRef !== undefined) {
        const user = await findUserByRef(database, userRef);
        if (!user) throw new CliError(`no user "${userRef}" (give an email or a user id)`);
        if (user.stepikUserId === null)
          throw new CliError(
            `user ${user.id} (${user.email ?? 'no email'}) has not linked a Stepik account`,
          );
        stepikUserId = user.stepikUserId;
      }
      const summary = await runSync(database, course, source, {
        stepikUserId,
        classIds: config.stepik.classIds,
        requestsPerSecond: config.stepik.requestsPerSecond,
        forceStructure: input.values.structure === true,
        staffTelegramIds: config.staff.telegramIds,
        onPage: (page, learners) => {
          if (io.interactive) process.stderr.write(`\rsync: page ${page}, ${learners} learners…`);
        },
      });
      if (io.interactive) process.stderr.write('\n');
      for (const unknown of summary.structure?.unknownLessonIds ?? []) {
        io.err(
          `warning: content lesson "${unknown.slug}" has lesson_id ${unknown.lessonId}, which Stepik does not list in course ${course.stepikCourseId}`,
        );
      }
      io.out(formatSummary(summary));
    } finally {
      await database.close();
    }
  },
};
