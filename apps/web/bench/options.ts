/** The benchmark's command-line options (see web.bench.ts), its fixed sizes and targets. */

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}
function stringOption(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}
export const RUNS = Math.round(option('runs', 3));
/** The generated DAG's size (--nodes N, 1,000 by default). */
export const NODES = Math.round(option('nodes', 1000));
export const PHASE_MS = option('seconds', 5) * 1000;
export const TIMEOUT_MS = option('timeout', 900) * 1000;
export const DIST = stringOption('dist');
export const CSS = stringOption('css');
export const INIT = stringOption('init');
export const TRACE = stringOption('trace');
export const BUILD = !process.argv.includes('--no-build') && DIST === undefined;
export const LAYOUT = !process.argv.includes('--no-layout');

export const VIEWPORT = { width: 1600, height: 1000 };
export const GRID_DAG = 'bench_grid';
export const UNPLACED_DAG = 'bench_unplaced';
export const TARGET_FIRST_RENDER_MS = 1500;
export const TARGET_P95_MS = 20;
export const TARGET_INITIAL_JS_GZ = 400 * 1024;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const log = (line: string) => process.stderr.write(`[bench:web] ${line}\n`);
