/**
 * The CLI as a program: reads .env, then runs the dispatcher with the arguments. scripts/bin.mjs
 * runs it (built: dist/node/cli.mjs; in development: through tsx), and so does Render.
 */
import { existsSync } from 'node:fs';
import { main } from './cli.ts';

if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
process.exitCode = await main(process.argv.slice(2));
