/**
 * `serve` (the production start command): the already built site, nothing else. Its own file so
 * that it never imports what `start` needs for a fresh clone (the build, the fake Stepik).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { callbackOrigin } from '#api/auth/callback-origin.ts';
import { getConfig } from '#api/config.ts';
import { CliError, type Command, type CommandIo } from '../command.ts';

/** Starts the production server (server/) over the built site in this process. */
export async function serve(io: CommandIo): Promise<void> {
  const config = getConfig();
  const entry = path.join(path.resolve(config.siteDir), 'server', 'entry.mjs');
  if (!existsSync(entry))
    throw new CliError(
      `${path.relative(process.cwd(), entry)} is missing: run "npm run build" first`,
    );
  const { startSiteServer } = await import('#server/start.ts');
  await startSiteServer();
  // One address to open: the other loopback name works too (OAuth returns to the one used), so
  // where it listens is only worth saying when that is not the same place.
  const listening = `${config.host}:${config.port}`;
  const sameMachine =
    callbackOrigin(config.appOrigin, listening) !== config.appOrigin ||
    new URL(config.appOrigin).host === listening;
  io.out(
    `Сайт курса: ${config.appOrigin}/  (${sameMachine ? '' : `слушает ${config.host}:${config.port}, `}база ${path.basename(config.databaseUrl)})`,
  );
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
