// `test` and `expect` for every spec: `import { test, expect } from '../src/fixtures';`
//
// - `server` (worker-scoped): a real Flow server (see server.ts), started once per worker and
//   always stopped (and its DATA_DIR deleted) when the worker ends. With `workers: 1` every spec
//   file of a run shares it, unless a test fails (Playwright then starts a fresh worker, so a fresh
//   server) or a file sets `test.use({ serverEnv })`.
// - `baseURL` is the server's, so `page.goto('/login')` works.
// - `admin`: the admin's API session (typed tRPC client), cached per server.
// - On failure the server's output during the test is attached to the report as `server-log`.
import { test as base } from '@playwright/test';
import type { ApiSession } from './api';
import { adminSession } from './helpers';
import { FlowServer } from './server';

export interface WorkerFixtures {
  /** Extra server environment for a spec file: `test.use({ serverEnv: { ... } })`. */
  serverEnv: Record<string, string>;
  server: FlowServer;
}

export interface TestFixtures {
  admin: ApiSession;
  serverLog: undefined;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  serverEnv: [{}, { scope: 'worker', option: true }],
  server: [
    async ({ serverEnv }, use) => {
      const server = await FlowServer.start({ env: serverEnv });
      try {
        await use(server);
      } finally {
        await server.stop();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ server }, use) => use(server.baseURL),
  admin: async ({ server }, use) => use(await adminSession(server)),
  serverLog: [
    async ({ server }, use, testInfo) => {
      const mark = server.logMark;
      await use(undefined);
      if (testInfo.status !== testInfo.expectedStatus)
        await testInfo.attach('server-log', {
          body: server.logSince(mark) || '(no output)',
          contentType: 'text/plain',
        });
    },
    { auto: true },
  ],
});

export { expect } from '@playwright/test';
export * from './api';
export * from './dags';
export * from './helpers';
export * from './server';
