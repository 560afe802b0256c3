/** `students add|remove|list`: the course roster (who sees videos under COURSE_AUDIENCE=roster). */
import { getConfig } from '#api/config.ts';
import { openDatabase, type Database } from '#api/db/client.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { ru } from '#api/i18n/ru.ts';
import {
  addStudents,
  parseStudentRefs,
  removeStudents,
  type StudentRef,
} from '#api/roster/refs.ts';
import { listRoster, stuckReasons } from '#api/roster/roster.ts';
import { CliError, type Command } from '../command.ts';

const t = ru.roster;

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase(getConfig().databaseUrl);
  try {
    await migrateDatabase(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

function refsOrFail(texts: string[]): StudentRef[] {
  const parsed = parseStudentRefs(texts);
  if (!parsed.ok) throw new CliError(parsed.message);
  return parsed.value;
}

const refsHelp = `
  <email>        a student's email (any case); a new account is made if there is none
  <telegram id>  a Telegram user id (digits), as the bot or the group import saw it`;

export const studentsAddCommand: Command = {
  name: 'students add',
  summary: 'Put students on the course roster',
  usage: '<email or telegram id>…',
  positionals: { min: 1, max: 10_000 },
  help: `
Puts people on the course roster: under COURSE_AUDIENCE=roster only they see the videos. The
Boomstream CSV import and the Telegram group import add their students on their own.
All arguments are checked first; one bad argument changes nothing.
${refsHelp}`,
  async run(input, io) {
    const refs = refsOrFail(input.positionals);
    const result = await withDatabase((database) => addStudents(database, refs));
    io.out(t.added(result.added, result.created));
  },
};

export const studentsRemoveCommand: Command = {
  name: 'students remove',
  summary: 'Take students off the course roster',
  usage: '<email or telegram id>…',
  positionals: { min: 1, max: 10_000 },
  help: `
Takes people off the course roster (their account, progress and ways in stay). Each argument
must be someone on the roster; otherwise nothing is removed.
${refsHelp}`,
  async run(input, io) {
    const refs = refsOrFail(input.positionals);
    const removed = await withDatabase((database) => removeStudents(database, refs));
    if (!removed.ok) throw new CliError(removed.message);
    io.out(t.removed(removed.value));
  },
};

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '—');

export const studentsListCommand: Command = {
  name: 'students list',
  summary: 'The course roster, tab-separated',
  usage: '[--stuck]',
  options: { stuck: { type: 'boolean' } },
  help: `
Prints the roster, one student a line (tab-separated: id, email, name, Telegram id, Stepik id,
how they were added, when, last sign-in, what stands in the way).

  --stuck   only students who cannot get videos yet: never signed in, Stepik not linked, or
            linked but not found in the Stepik course by the latest sync`,
  async run(input, io) {
    const entries = await withDatabase((database) => listRoster(database));
    const rows = entries
      .map((e) => ({ e, stuck: stuckReasons(e) }))
      .filter((r) => !input.values.stuck || r.stuck.length > 0);
    if (!rows.length) {
      io.err(t.empty);
      return;
    }
    io.out(t.header);
    for (const { e, stuck } of rows) {
      const name = [e.firstName, e.lastName].filter(Boolean).join(' ');
      io.out(
        [
          e.id,
          e.email ?? '',
          name,
          e.telegramId ?? '',
          e.stepikUserId ?? '',
          e.source,
          when(e.addedAt),
          when(e.lastSignedInAt),
          stuck.map((s) => t.stuck[s]).join(', '),
        ].join('\t'),
      );
    }
  },
};
