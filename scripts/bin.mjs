#!/usr/bin/env node
// The CLI's entry: registers tsx so the TypeScript sources run as they are, then dispatches.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
