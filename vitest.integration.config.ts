import { defineConfig } from 'vitest/config';

/** Integration tests against the real services of scripts/services.sh (run by `npm test` after `services.sh up`). */
export default defineConfig({
  test: {
    include: ['packages/*/test/integration/**/*.test.ts', 'apps/*/test/integration/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests of one service share it: run files one after another.
    fileParallelism: false,
  },
});
