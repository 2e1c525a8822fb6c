import { defineConfig } from 'vitest/config';

// The projects live in vitest.workspace.ts; this file only sets run-wide options.
export default defineConfig({
  test: {
    workspace: './vitest.workspace.ts',
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
    // A temporary HOME for the whole run: no test writes to the user's ~/.tokentrail.
    globalSetup: ['./test-support/temp-home.ts'],
  },
});
