import { getConfig } from '#api/config.ts';
import { openDatabase } from '#api/db/client.ts';
import { migrateDatabase } from '#api/db/migrate.ts';
import type { Command } from '../command.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply the database migrations to DATABASE_URL',
  usage: '',
  help: `
Applies every committed migration that the database named by DATABASE_URL has not seen yet
(SQLite: api/db/migrations/sqlite, PostgreSQL: api/db/migrations/pg). Safe to run again:
applied migrations are skipped. On PostgreSQL an advisory lock keeps two runs from overlapping.`,
  async run(_input, io) {
    const database = openDatabase(getConfig().databaseUrl);
    try {
      const report = await migrateDatabase(database);
      io.out(`${database.label}: ${report.applied} migration(s) applied, ${report.total} in total`);
    } finally {
      await database.close();
    }
  },
};
