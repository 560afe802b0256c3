import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['./tests/support/global-build.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Two cores: the build-and-serve tests are heavy, keep the rest beside them.
    maxWorkers: 2,
    env: { ASTRO_TELEMETRY_DISABLED: '1' },
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
