/**
 * `import telegram-group [<file>]`: the students who were in the Telegram group before the site
 * existed → telegram_users, linked to their accounts where that is certain. The members come
 * from the MTProto API (GramJS, the account in TELEGRAM_SESSION) or from a JSON/CSV file.
 */
import { existsSync } from 'node:fs';
import { getConfig } from '#api/config.ts';
import { openDatabase, parseDatabaseUrl, type Database } from '#api/db/client.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { TelegramGroupError } from '#api/telegram-group/errors.ts';
import { fileMemberSource } from '#api/telegram-group/file-source.ts';
import { gramJsMemberSource } from '#api/telegram-group/gramjs-source.ts';
import type { MemberSource } from '#api/telegram-group/group-member.ts';
import { formatSummary, importMembers } from '#api/telegram-group/import-members.ts';
import { readMatchFile, type MatchEntry } from '#api/telegram-group/match-list.ts';
import { requireGroupImportSettings } from '#api/telegram-group/settings.ts';
import {
  CliError,
  stringOption,
  type Command,
  type CommandInput,
  type CommandIo,
} from '../command.ts';

/** A dry run must not write, not even migrations or a new SQLite file: a missing file is an empty database. */
async function openTarget(
  url: string,
  dryRun: boolean,
): Promise<{ database: Database; migrated: number }> {
  const target = parseDatabaseUrl(url);
  const fresh =
    dryRun &&
    target.dialect === 'sqlite' &&
    (target.file === ':memory:' || !existsSync(target.file));
  const database = openDatabase(fresh ? 'file::memory:' : url);
  if (dryRun && !fresh) return { database, migrated: 0 };
  try {
    return { database, migrated: (await migrateDatabase(database)).applied };
  } catch (error) {
    await database.close();
    throw error;
  }
}

interface Plan {
  source: MemberSource;
  group: string;
  matches: MatchEntry[];
}

/** Files are read and checked before the database is opened: a bad record writes nothing. */
function plan(input: CommandInput, io: CommandIo): Plan {
  const file = input.positionals[0];
  const groupOption = stringOption(input, 'group');
  if (file && groupOption !== undefined)
    throw new CliError(
      '--group is for the Telegram API import; with a file, the file is the group',
      2,
    );
  const matchFile = stringOption(input, 'match');
  const matches = matchFile ? readMatchFile(matchFile) : [];
  if (file) {
    return { source: fileMemberSource(file), group: file, matches };
  }
  const settings = requireGroupImportSettings(getConfig().telegram, groupOption);
  return {
    source: gramJsMemberSource(settings, { onWarning: (message) => io.out(`warning: ${message}`) }),
    group: settings.group,
    matches,
  };
}

export const importTelegramGroupCommand: Command = {
  name: 'import telegram-group',
  summary: "Import the Telegram group's members (API or file) and link them to students",
  usage: '[<file>] [--group G] [--match file.csv] [--dry-run]',
  help: `
Reads the members of the course's Telegram group and upserts them into telegram_users
(Telegram id, names, @username, phone when Telegram shows it); a known value is never replaced
by an empty one. Bots and deleted accounts are skipped. A member is linked to a student only
when it is certain:
  - the student already has this Telegram id (signed in with Telegram), or
  - the member's phone or @username is in the --match file next to the student's email, the
    student has no Telegram id yet, and no other member or student matches the same way.
Anything ambiguous is listed and left unlinked. Everything is written in one transaction.

Without <file>, the members come from the Telegram API as the account in TELEGRAM_SESSION sees
them (needs TELEGRAM_API_ID, TELEGRAM_API_HASH, TELEGRAM_SESSION from "telegram login", and
the group). With <file>, from a JSON array (Bot API or GramJS user objects: id, first_name,
last_name, username, phone) or a CSV with a header line (id/telegram_id, first_name/имя,
last_name/фамилия, username, phone/телефон; comma or semicolon; UTF-8).

Options:
  --group G         the group: @username, a t.me link (public or invite) or its numeric id
                    (default TELEGRAM_GROUP); API import only
  --match FILE.csv  who is who from the Boomstream side: a CSV with an email column and a
                    phone and/or username column (phones: any format, 8XXXXXXXXXX read as +7)
  --dry-run         report what would change; write nothing

Prints every member left unlinked and why, then:
  members N (bots/deleted skipped N), new N, updated N, linked N, ambiguous N`,
  options: { group: { type: 'string' }, match: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  positionals: { min: 0, max: 1 },
  async run(input, io) {
    const dryRun = input.values['dry-run'] === true;
    try {
      const { source, group, matches } = plan(input, io);
      const { database, migrated } = await openTarget(getConfig().databaseUrl, dryRun);
      try {
        if (migrated > 0) io.out(`${database.label}: ${migrated} migration(s) applied`);
        if (io.interactive && !input.positionals[0])
          io.err(`Reading the members of ${group} through the Telegram API…`);
        const report = await importMembers(database, source, group, { matches, dryRun });
        for (const note of report.notes) io.out(note);
        if (dryRun) io.out('dry run: nothing written');
        io.out(formatSummary(report));
      } finally {
        await database.close();
      }
    } catch (error) {
      if (error instanceof TelegramGroupError) throw new CliError(error.message);
      throw error;
    }
  },
};
