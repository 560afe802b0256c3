import { userInfo } from 'node:os';
import { getConfig } from '#api/config.ts';
import { getCourse } from '#api/course/instance.ts';
import { openDatabase } from '#api/db/client.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { clearOverrides, findLessons, findUserByRef, setOverrides } from '#api/access/overrides.ts';
import { revokeVideoAccess } from '#api/boomstream/grants.ts';
import {
  CliError,
  stringOption,
  type Command,
  type CommandInput,
  type CommandIo,
} from '../command.ts';

const options = {
  user: { type: 'string' },
  lesson: { type: 'string' },
  module: { type: 'string' },
  reason: { type: 'string' },
  by: { type: 'string' },
} as const;

async function run(
  action: 'grant' | 'revoke' | 'reset',
  input: CommandInput,
  io: CommandIo,
): Promise<void> {
  const userRef = stringOption(input, 'user');
  const lesson = stringOption(input, 'lesson');
  const module = stringOption(input, 'module');
  if (!userRef) throw new CliError('--user <email or id> is required');
  if ((lesson === undefined) === (module === undefined))
    throw new CliError(
      'give exactly one of --lesson <slug or Stepik id> and --module <position or title>',
    );
  const config = getConfig();
  const course = getCourse();
  const lessons = findLessons(course, { lesson, module });
  if (!lessons.length)
    throw new CliError(
      lesson !== undefined
        ? `no lesson "${lesson}" in the course (give a slug or a Stepik lesson id)`
        : `no module "${module}" (give its position or exact title)`,
    );
  const database = openDatabase(config.databaseUrl);
  try {
    await migrateDatabase(database);
    const user = await findUserByRef(database, userRef);
    if (!user) throw new CliError(`no user "${userRef}" (give an email or a user id)`);
    if (action === 'reset') {
      const n = await clearOverrides(database, user.id, lessons);
      io.out(`${n} override(s) removed for user ${user.id}; progress decides again`);
      return;
    }
    const actor = stringOption(input, 'by') ?? `cli:${userInfo().username}`;
    await setOverrides(database, {
      userId: user.id,
      lessons,
      action,
      actor,
      reason: stringOption(input, 'reason'),
    });
    io.out(
      `${action === 'grant' ? 'granted' : 'revoked'}: ${lessons.map((l) => l.slug).join(', ')} for user ${user.id} (${user.email ?? 'no email'}), by ${actor}`,
    );
    if (action === 'revoke') {
      // The site stops handing out the players at once; the Boomstream buyer goes too, if any.
      const result = await revokeVideoAccess(database, config, {
        userId: user.id,
        mediaCodes: lessons.flatMap((l) => l.videos.map((v) => v.code)),
      });
      if (result.failed.length) {
        throw new CliError(
          `the site closed the lessons, but Boomstream did not remove the access to ${result.failed.length} video(s); run the command again later`,
        );
      }
    }
  } finally {
    await database.close();
  }
}

const help = (verb: string, what: string) => `
${what} Recorded with who and when; a revoke wins over Stepik progress.

  --user <email or id>          the student
  --lesson <slug or Stepik id>  one lesson, or
  --module <position or title>  every lesson of a module
  --reason <text>               optional, kept with the decision${verb === 'reset' ? '' : '\n  --by <name>                   who decides (default: cli:<your login>)'}`;

export const accessGrantCommand: Command = {
  name: 'access grant',
  summary: 'Open a lesson (or a module) for a student by hand',
  usage: '--user <email or id> (--lesson <slug or id> | --module <position or title>)',
  options,
  help: help(
    'grant',
    "Opens the lessons' videos for the student whatever Stepik says, and queues the bot's message.",
  ),
  run: (input, io) => run('grant', input, io),
};

export const accessRevokeCommand: Command = {
  name: 'access revoke',
  summary: 'Close a lesson (or a module) for a student by hand',
  usage: '--user <email or id> (--lesson <slug or id> | --module <position or title>)',
  options,
  help: help(
    'revoke',
    "Closes the lessons' videos for the student even if Stepik says they passed, and removes their Boomstream access.",
  ),
  run: (input, io) => run('revoke', input, io),
};

export const accessResetCommand: Command = {
  name: 'access reset',
  summary: 'Remove a grant or revoke: progress decides again',
  usage: '--user <email or id> (--lesson <slug or id> | --module <position or title>)',
  options,
  help: help('reset', 'Removes the staff decision for these lessons.'),
  run: (input, io) => run('reset', input, io),
};
