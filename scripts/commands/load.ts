import { readFileSync } from 'node:fs';
import { getConfig } from '#api/config.ts';
import { openDatabase, parseDatabaseUrl, type Database } from '#api/db/client.ts';
import { DumpError, loadDump } from '#api/db/dump.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import { CliError, type Command, type CommandIo } from '../command.ts';
import { formatCounts, totalRows } from './dump.ts';

async function readSource(file: string, io: CommandIo): Promise<string> {
  if (file === '-') return io.readStdin();
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

/**
 * A dry run checks the file against the schema of the target's dialect without touching the
 * target: SQLite is opened in memory (opening the real file would create it), and postgres.js
 * only connects on the first query, which a dry run never makes.
 */
function openTarget(url: string, dryRun: boolean): Database {
  return dryRun && parseDatabaseUrl(url).dialect === 'sqlite'
    ? openDatabase('file::memory:')
    : openDatabase(url);
}

export const loadCommand: Command = {
  name: 'load',
  summary: 'Load a JSON dump into the database (upsert by primary key)',
  usage: '<file> [--dry-run]',
  help: `
Reads a file written by "dump" ("-" reads standard input) and writes every record into the
database named by DATABASE_URL, inserting new rows and overwriting rows with the same primary
key; rows not in the file are kept. Pending migrations are applied first, so a fresh database
can be loaded. The whole file is validated before anything is written, and it is written in one
transaction: on any problem nothing changes. Loading the same file twice changes nothing.
Fields an older dump lacks get the column's default (created_at/updated_at: now).

Options:
  --dry-run  validate the file only; the database is neither migrated nor written`,
  options: { 'dry-run': { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(input, io) {
    const file = input.positionals[0] ?? '-';
    const dryRun = input.values['dry-run'] === true;
    const text = await readSource(file, io);
    const database = openTarget(getConfig().databaseUrl, dryRun);
    try {
      if (!dryRun) {
        const migrated = await migrateDatabase(database);
        if (migrated.applied > 0)
          io.out(`${database.label}: ${migrated.applied} migration(s) applied`);
      }
      let result;
      try {
        result = await loadDump(database, text, { dryRun });
      } catch (error) {
        if (!(error instanceof DumpError)) throw error;
        // Every problem on its own line, then the one-line reason the CLI ends with.
        if (error.problems.length > 1) for (const problem of error.problems) io.err(`  ${problem}`);
        throw new CliError(`${file}: ${error.message}`);
      }
      const total = totalRows(result.counts);
      io.out(
        dryRun
          ? `${file} is valid: ${total} row(s); nothing written (dry run):`
          : `Loaded ${total} row(s) from ${file} into ${database.label}:`,
      );
      for (const line of formatCounts(result.counts)) io.out(line);
    } finally {
      await database.close();
    }
  },
};
