/** The process's one database connection (site and bot), opened on first use from the config. */
import { getConfig } from '../config.ts';
import { openDatabase, type Database } from './client.ts';

let instance: Database | undefined;

export function getDatabase(): Database {
  instance ??= openDatabase(getConfig().databaseUrl);
  return instance;
}

export async function closeDatabase(): Promise<void> {
  const current = instance;
  instance = undefined;
  await current?.close();
}
