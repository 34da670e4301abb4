// Browser tests against a real server (e2e/src/fixtures.ts) with Debian's Chromium.
// Run from the repository root: `pnpm run test:e2e` (builds the web app first).
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './src/chromium';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  testDir: `${root}e2e/tests`,
  outputDir: `${root}.tmp/e2e-artifacts`,
  // Checks that Chromium and the built web app exist: a missing one fails the run, never skips it.
  globalSetup: `${root}e2e/src/global-setup.ts`,
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: `${root}.tmp/e2e-results.json` }]],
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    screenshot: 'on',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
});
