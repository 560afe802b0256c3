/**
 * Starts the site server on HOST:PORT (`cli serve`, `npm start`, server/main.ts).
 */
import { getConfig } from '#api/config.ts';
import { closeDatabase } from '#api/db/instance.ts';
import { createSiteServer } from './site-server.ts';

export async function startSiteServer(): Promise<{ url: string; close(): Promise<void> }> {
  const config = getConfig();
  const server = await createSiteServer(config);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const close = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await closeDatabase();
  };
  return { url: `http://${config.host}:${config.port}`, close };
}
