/**
 * The web service's entry: `node dist/node/server.mjs` in production (built from this file),
 * `cli serve` / `npm start` locally. Stops cleanly on SIGTERM (Render's deploys).
 */
import { startSiteServer } from './start.ts';

const running = await startSiteServer();
// Operators and the test runner both wait for this line.
console.log(`listening on ${running.url}`);
const stop = (): void => void running.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
