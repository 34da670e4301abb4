import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
    ],
    // Integration tests need the services of scripts/services.sh; wired into `npm test` with it.
    // e2e/ holds Playwright specs (`*.spec.ts`, run by `pnpm run test:e2e`), never vitest's.
    exclude: ['**/node_modules/**', 'packages/*/test/integration/**', 'e2e/**'],
    testTimeout: 20_000,
  },
});
