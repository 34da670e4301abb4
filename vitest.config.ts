import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
    ],
    // Integration tests need the services of scripts/services.sh; wired into `npm test` with it.
    exclude: ['**/node_modules/**', 'packages/*/test/integration/**'],
    testTimeout: 20_000,
  },
});
