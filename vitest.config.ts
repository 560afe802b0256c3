import { configDefaults, defineConfig } from 'vitest/config';
import { siteTestFiles } from './tests/support/site-tests.ts';

/**
 * Two projects, by what a test needs (both run under `npm test`):
 * - `site`: the tests that serve the built site (they import tests/support/built-site.ts,
 *   found by tests/support/site-tests.ts); its global setup runs `astro build` once per run.
 * - `unit`: everything else, without the build: `npx vitest run tests/access/rules.test.ts`
 *   or `npx vitest run --project unit` starts at once.
 */
const siteTests = siteTestFiles();

export default defineConfig({
  test: {
    // The last resort, sized for a loaded 2-core machine (several suites at once, CI running it
    // twice): a test that is alone in 5 s may take 60 there. Waits inside tests have their own,
    // shorter bounds on states and events (tests/support/waits.ts) and fail with a reason first.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: the build-and-serve tests are heavy, keep the rest beside them.
    maxWorkers: 2,
    env: { ASTRO_TELEMETRY_DISABLED: '1' },
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...siteTests],
        },
      },
      {
        extends: true,
        test: {
          name: 'site',
          include: siteTests,
          globalSetup: ['./tests/support/global-build.ts'],
        },
      },
    ],
  },
});
