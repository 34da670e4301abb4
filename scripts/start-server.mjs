#!/usr/bin/env node
// `npm start`: the server on embedded defaults (PGlite in .data, in-memory brokers), with the
// sample DAGs imported and running and the web app served. Any setting can be overridden by the
// environment (see README). Signals are passed on so that the server shuts down gracefully.
import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = {
  DATA_DIR: `${root}.data`,
  DAG_CONFIG_FOLDER: `${root}samples/dags`,
  // The sample reads samples/dags/data and writes samples/out; other DAGs use .data/files.
  FILE_ROOTS: [`${root}samples`, `${root}.data/files`].join(delimiter),
  WEB_DIST: `${root}apps/web/dist`,
  ...process.env,
};
const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
