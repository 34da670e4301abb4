#!/usr/bin/env node
// Runs pnpm at the version pinned here, so that a fresh machine with only Node.js and npm needs
// nothing installed by hand: a matching pnpm on PATH is used as is, otherwise npx fetches that
// exact version from the npm registry (cached after the first time). The pin is not kept in
// package.json's "packageManager": pnpm 12 then wants it recorded in the lockfile, which it
// cannot do for this version, and `--frozen-lockfile` fails.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const version = '12.21.0';
const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: false });
const usable = onPath.status === 0 && onPath.stdout.trim() === version;
const [command, commandArgs] = usable
  ? ['pnpm', args]
  : ['npx', ['--yes', `pnpm@${version}`, ...args]];

const result = spawnSync(command, commandArgs, { stdio: 'inherit', cwd: root });
if (result.error) {
  console.error(`could not run ${command}: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
