import { defineConfig } from 'vitest/config';

// The end-to-end suite: run by scripts/e2e/run.sh after the examples sent their telemetry
// through the real collector; it only reads what the peers received.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
