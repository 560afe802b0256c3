import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getConfig } from '#api/config.ts';
import { openDatabase } from '#api/db/client.ts';
import { DumpError, dumpDatabase, type TableCount } from '#api/db/dump.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { CliError, type Command } from '../command.ts';

/** `users   12` lines, names padded so the counts line up. */
export function formatCounts(counts: readonly TableCount[]): string[] {
  const width = Math.max(...counts.map((c) => c.table.length));
  return counts.map((c) => `  ${c.table.padEnd(width)}  ${c.rows}`);
}

export const totalRows = (counts: readonly TableCount[]): number =>
  counts.reduce((sum, c) => sum + c.rows, 0);

/** Writes beside the target and renames: a crash or a full disk never leaves half a dump. */
function writeAtomically(file: string, text: string): void {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new CliError(`cannot write ${file}: ${(error as Error).message}`);
  }
}

export const dumpCommand: Command = {
  name: 'dump',
  summary: 'Write the whole database to a versioned JSON file',
  usage: '<file>',
  help: `
Writes every table of the database named by DATABASE_URL (SQLite or PostgreSQL) to <file> as
JSON: {"format":"course-site-dump","version":1,"tables":{"users":[...], ...}}. Rows are sorted
by primary key and times are ISO-8601 UTC, so equal data gives a byte-identical file whichever
database it came from. "-" writes to standard output. The file is replaced atomically.
Pending migrations are applied first. Load the file with "load <file>".`,
  positionals: { min: 1, max: 1 },
  async run(input, io) {
    const file = input.positionals[0] ?? '-';
    const toStdout = file === '-';
    // With the JSON on stdout, everything else goes to stderr so the output stays loadable.
    const say = toStdout ? io.err : io.out;
    const database = openDatabase(getConfig().databaseUrl);
    try {
      const migrated = await migrateDatabase(database);
      if (migrated.applied > 0) say(`${database.label}: ${migrated.applied} migration(s) applied`);
      let result;
      try {
        result = await dumpDatabase(database);
      } catch (error) {
        if (error instanceof DumpError) throw new CliError(error.message);
        throw error;
      }
      if (toStdout) io.out(result.text.replace(/\n$/, ''));
      else writeAtomically(file, result.text);
      say(
        `Dumped ${totalRows(result.counts)} row(s) from ${database.label} to ${toStdout ? 'standard output' : file}:`,
      );
      for (const line of formatCounts(result.counts)) say(line);
    } finally {
      await database.close();
    }
  },
};
