/**
 * `pnpm bench` and `pnpm bench:kafka`: runs a benchmark in fresh processes (default 3 runs),
 * prints one JSON line per run, then one line with the medians. The first argument names the
 * benchmark: `pipeline` (default), `kafka` or `scale`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const name = process.argv[2] ?? 'pipeline';
const script = fileURLToPath(new URL(`${name}-run.ts`, import.meta.url));
const results: Record<string, number>[] = [];
for (let i = 0; i < runs; i++) {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) {
    console.error(`run ${i + 1} failed with exit code ${String(child.status)}`);
    process.exit(1);
  }
  const line = child.stdout.trim().split('\n').at(-1) as string;
  console.log(line);
  results.push(JSON.parse(line) as Record<string, number>);
}
const median = (key: string) => {
  const values = results.map((r) => r[key] as number).sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
};
const keys = Object.keys(results[0] ?? {}).filter((k) => typeof results[0]?.[k] === 'number');
console.log(
  JSON.stringify({
    bench: name,
    runs,
    median: Object.fromEntries(keys.map((k) => [k, median(k)])),
  }),
);
