/** Every CLI command, in the order `--help` lists them. */
import type { Command } from '../command.ts';
import { migrateCommand } from './migrate.ts';
import { serveCommand, startCommand } from './start.ts';

export const commands: Command[] = [startCommand, serveCommand, migrateCommand];
