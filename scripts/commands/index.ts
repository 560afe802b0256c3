/** Every CLI command, in the order `--help` lists them. */
import type { Command } from '../command.ts';
import { contentImportMenuTreeCommand } from './content-import-menu-tree.ts';
import { dumpCommand } from './dump.ts';
import { loadCommand } from './load.ts';
import { migrateCommand } from './migrate.ts';
import { serveCommand, startCommand } from './start.ts';
import { checkInitDataCommand, checkLoginCommand } from './telegram-check.ts';

export const commands: Command[] = [startCommand, serveCommand, migrateCommand, dumpCommand, loadCommand, contentImportMenuTreeCommand, checkInitDataCommand, checkLoginCommand];
