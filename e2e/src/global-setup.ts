// Runs once before the browser tests: what they need must exist, or the run fails with a reason.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM } from './chromium';
import { WEB_DIST } from './server';

export default function globalSetup(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} not found: the browser tests use Debian's chromium package ` +
        '(`bash scripts/services.sh up` or `bash scripts/services.sh chromium` installs it, as root)',
    );
  if (!existsSync(join(WEB_DIST, 'index.html')))
    throw new Error(
      `${WEB_DIST}/index.html not found: build the web app first ` +
        '(`node scripts/pnpm.mjs --filter @flow/web build`; `pnpm run test:e2e` does)',
    );
}
