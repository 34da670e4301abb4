import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const engineRoot = join(here, '..', '..');

/**
 * The worker thread's code as one plain JavaScript module, built once per process: a thread
 * that imports it starts in a fraction of the time and memory of one that compiles the engine's
 * TypeScript through tsx (measured: 63 MB and ~1 s a thread through tsx). It is written beside
 * the engine (packages/engine/.cache), where the packages it leaves out (kafkajs, pg, ...)
 * resolve; its name is the hash of its content, so a changed engine gets a new file.
 * Undefined when it cannot be built there: the thread then starts through boot.mjs (tsx).
 */
export function workerBundle(): string | undefined {
  bundled ??= build();
  return bundled.path;
}
let bundled: { path: string | undefined } | undefined;

function build(): { path: string | undefined } {
  try {
    const result = buildSync({
      entryPoints: [join(here, 'worker-main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      // The workspace's TypeScript packages are bundled; everything from npm stays external.
      packages: 'external',
      alias: { '@flow/shared': join(engineRoot, '..', 'shared', 'src', 'index.ts') },
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.contents;
    if (!code) return { path: undefined };
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
    const folder = join(engineRoot, '.cache');
    const path = join(folder, `worker-${hash}.mjs`);
    if (!existsSync(path)) {
      mkdirSync(folder, { recursive: true });
      // Written under a temporary name and renamed, so that a thread never reads half a file.
      const partial = `${path}.${process.pid}.tmp`;
      writeFileSync(partial, code);
      renameSync(partial, path);
    }
    return { path };
  } catch {
    return { path: undefined };
  }
}
