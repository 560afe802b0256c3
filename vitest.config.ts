import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['./tests/support/global-build.ts'],
    // The last resort, sized for a loaded 2-core machine (several suites at once, CI running it
    // twice): a test that is alone in 5 s may take 60 there. Waits inside tests have their own,
    // shorter bounds on states and events (tests/support/waits.ts) and fail with a reason first.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: the build-and-serve tests are heavy, keep the rest beside them.
    maxWorkers: 2,
    env: { ASTRO_TELEMETRY_DISABLED: '1' },
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
