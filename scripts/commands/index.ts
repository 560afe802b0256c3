/** Every CLI command, in the order `--help` lists them. */
import type { Command } from '../command.ts';
import { accessGrantCommand, accessResetCommand, accessRevokeCommand } from './access.ts';
import { botDeleteWebhookCommand, botRunCommand, botSetWebhookCommand } from './bot.ts';
import { syncCommand } from './sync.ts';
import { studentsAddCommand, studentsListCommand, studentsRemoveCommand } from './students.ts';
import { contentImportMenuTreeCommand } from './content-import-menu-tree.ts';
import { dumpCommand } from './dump.ts';
import { fakeStepikCommand, fakeStepikMarkCommand } from './fake-stepik.ts';
import { importBoomstreamUsersCommand } from './import-boomstream-users.ts';
import { importTelegramGroupCommand } from './import-telegram-group.ts';
import { loadCommand } from './load.ts';
import { migrateCommand } from './migrate.ts';
import { serveCommand, startCommand } from './start.ts';
import { checkInitDataCommand, checkLoginCommand } from './telegram-check.ts';
import { telegramLoginCommand } from './telegram-login.ts';

export const commands: Command[] = [startCommand, serveCommand, migrateCommand, syncCommand, accessGrantCommand, accessRevokeCommand, accessResetCommand, dumpCommand, loadCommand, contentImportMenuTreeCommand, importBoomstreamUsersCommand, importTelegramGroupCommand, studentsAddCommand, studentsRemoveCommand, studentsListCommand, checkInitDataCommand, checkLoginCommand, telegramLoginCommand, botRunCommand, botSetWebhookCommand, botDeleteWebhookCommand, fakeStepikCommand, fakeStepikMarkCommand];
