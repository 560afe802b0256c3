/**
 * `serve` (the production start command): the already built site, nothing else. Its own file so
 * that it never imports what `start` needs for a fresh clone (the build, the fake Stepik).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getConfig } from '../../api/config.ts';
import { CliError, type Command, type CommandIo } from '../command.ts';

/** Starts the built Astro server (dist/server/entry.mjs) in this process. */
export async function serve(io: CommandIo): Promise<void> {
  const config = getConfig();
  const entry = path.join(process.cwd(), 'dist', 'server', 'entry.mjs');
  if (!existsSync(entry)) throw new CliError('dist/server/entry.mjs is missing: run "npm run build" first');
  process.env.HOST = config.host;
  process.env.PORT = String(config.port);
  await import(pathToFileURL(entry).href);
  io.out(`Сайт курса: ${config.appOrigin}/  (слушает ${config.host}:${config.port}, база ${path.basename(config.databaseUrl)})`);
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the already built site (production start command)',
  usage: '',
  help: `
Checks the configuration and serves dist/ on HOST:PORT. It neither builds nor migrates:
on Render the build and "migrate" run as their own steps before it.`,
  async run(_input, io) {
    await serve(io);
  },
};
