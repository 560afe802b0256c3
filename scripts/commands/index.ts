/**
 * Every CLI command, in the order `--help` lists them. Each entry names its module without
 * importing it: `--help` reads only this list, and a command imports only its own module, so
 * `serve`, `bot run` and the quick checks never load GramJS, the fakes or the importers. The
 * name and summary are repeated from the command's module (a test keeps the two equal).
 */
import type { Command } from '../command.ts';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

export const commands: CommandEntry[] = [
  {
    name: 'start',
    summary: 'Migrate, build if the sources changed, and serve the site (npm start)',
    load: () => import('./start.ts').then((m) => m.startCommand),
  },
  {
    name: 'serve',
    summary: 'Serve the already built site (production start command)',
    load: () => import('./serve.ts').then((m) => m.serveCommand),
  },
  {
    name: 'migrate',
    summary: 'Apply the database migrations to DATABASE_URL',
    load: () => import('./migrate.ts').then((m) => m.migrateCommand),
  },
  {
    name: 'sync',
    summary: "Read the course structure and every student's progress from Stepik",
    load: () => import('./sync.ts').then((m) => m.syncCommand),
  },
  {
    name: 'access grant',
    summary: 'Open a lesson (or a module) for a student by hand',
    load: () => import('./access.ts').then((m) => m.accessGrantCommand),
  },
  {
    name: 'access revoke',
    summary: 'Close a lesson (or a module) for a student by hand',
    load: () => import('./access.ts').then((m) => m.accessRevokeCommand),
  },
  {
    name: 'access reset',
    summary: 'Remove a grant or revoke: progress decides again',
    load: () => import('./access.ts').then((m) => m.accessResetCommand),
  },
  {
    name: 'dump',
    summary: 'Write the whole database to a versioned JSON file',
    load: () => import('./dump.ts').then((m) => m.dumpCommand),
  },
  {
    name: 'load',
    summary: 'Load a JSON dump into the database (upsert by primary key)',
    load: () => import('./load.ts').then((m) => m.loadCommand),
  },
  {
    name: 'content import-menu-tree',
    summary:
      'Convert a legacy menu_tree (Python literal or JSON) into course.yaml and lesson stubs',
    load: () => import('./content-import-menu-tree.ts').then((m) => m.contentImportMenuTreeCommand),
  },
  {
    name: 'import boomstream-users',
    summary:
      'Create or update students from a Boomstream users CSV (email, names, 9-digit password)',
    load: () => import('./import-boomstream-users.ts').then((m) => m.importBoomstreamUsersCommand),
  },
  {
    name: 'import telegram-group',
    summary: "Import the Telegram group's members (API or file) and link them to students",
    load: () => import('./import-telegram-group.ts').then((m) => m.importTelegramGroupCommand),
  },
  {
    name: 'students add',
    summary: 'Put students on the course roster',
    load: () => import('./students.ts').then((m) => m.studentsAddCommand),
  },
  {
    name: 'students remove',
    summary: 'Take students off the course roster',
    load: () => import('./students.ts').then((m) => m.studentsRemoveCommand),
  },
  {
    name: 'students list',
    summary: 'The course roster, tab-separated',
    load: () => import('./students.ts').then((m) => m.studentsListCommand),
  },
  {
    name: 'telegram check-init-data',
    summary: 'Check Mini App initData (read from stdin) against a bot token',
    load: () => import('./telegram-check.ts').then((m) => m.checkInitDataCommand),
  },
  {
    name: 'telegram check-login',
    summary: 'Check Telegram Login Widget fields (read from stdin) against a bot token',
    load: () => import('./telegram-check.ts').then((m) => m.checkLoginCommand),
  },
  {
    name: 'telegram login',
    summary: 'Sign a Telegram account in and print TELEGRAM_SESSION for the group import',
    load: () => import('./telegram-login.ts').then((m) => m.telegramLoginCommand),
  },
  {
    name: 'bot run',
    summary: 'Run the Telegram bot worker: long polling and the unlock messages (npm run bot)',
    load: () => import('./bot.ts').then((m) => m.botRunCommand),
  },
  {
    name: 'bot set-webhook',
    summary: "Send the bot's updates to the web service (webhook with the secret token)",
    load: () => import('./bot.ts').then((m) => m.botSetWebhookCommand),
  },
  {
    name: 'bot delete-webhook',
    summary: "Stop sending the bot's updates to the webhook (back to long polling)",
    load: () => import('./bot.ts').then((m) => m.botDeleteWebhookCommand),
  },
  {
    name: 'fake-stepik',
    summary:
      'Run the bundled fake Stepik with the course from content/ (offline demo, development)',
    load: () => import('./fake-stepik.ts').then((m) => m.fakeStepikCommand),
  },
  {
    name: 'fake-stepik mark',
    summary:
      'Mark a lesson (or one step) passed or not passed for a learner on a running fake Stepik',
    load: () => import('./fake-stepik.ts').then((m) => m.fakeStepikMarkCommand),
  },
];
