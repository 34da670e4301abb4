/**
 * `pnpm bench:scale` (server part): /healthz latency while every DAG worker is saturated. The real
 * server process runs two copies of the pipeline benchmark's DAG fed without end by
 * `custom://bench_source` (packages/engine/bench/plugins), once on two worker threads
 * (DAG_WORKERS=2) and once in the server's own thread (DAG_WORKERS=0, the baseline); meanwhile
 * /healthz is asked every 10 ms for SECONDS. Prints one JSON line per run and mode, then the
 * medians: latency p50, p99 and max, and the DAGs' throughput over the window (from /metrics).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServerProcess } from '../test/integration/server-process';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const plugins = join(repo, 'packages/engine/bench/plugins');
const pipeline = JSON.parse(
  readFileSync(join(repo, 'packages/engine/bench/pipeline.dag.json'), 'utf8'),
) as Record<string, unknown>;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const round = (x: number) => Math.round(x * 100) / 100;

/** Messages the two DAGs' sinks have computed, from /metrics. */
async function computed(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n'))
    if (line.startsWith('flow_node_messages_out_total{') && line.includes('node="sink"'))
      total += Number(line.split(' ').at(-1));
  return total;
}

async function run(workers: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'flow-bench-scale-'));
  for (const name of ['scale_a', 'scale_b'])
    writeFileSync(
      join(dir, `${name}.json`),
      JSON.stringify({
        ...pipeline,
        name,
        subscribers: [{ name: 'in', config: { source: 'custom://bench_source' } }],
        publishers: [{ name: 'out', config: { destination: 'custom://bench_sink' } }],
      }),
    );
  const server = await startServerProcess({
    DATA_DIR: join(dir, 'data'),
    DAG_CONFIG_FOLDER: dir,
    PLUGIN_FOLDER: plugins,
    DAG_WORKERS: String(workers),
    ADMIN_PASSWORD: 'bench-password-123',
    LOG_LEVEL: 'warn',
  });
  try {
    await new Promise((r) => setTimeout(r, 2000));
    const before = await computed(server.url);
    const latencies: number[] = [];
    const end = performance.now() + SECONDS * 1000;
    const started = performance.now();
    while (performance.now() < end) {
      const t = performance.now();
      const response = await fetch(`${server.url}/healthz`);
      await response.arrayBuffer();
      latencies.push(performance.now() - t);
      const wait = 10 - (performance.now() - t);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const seconds = (performance.now() - started) / 1000;
    const rate = ((await computed(server.url)) - before) / seconds;
    latencies.sort((a, b) => a - b);
    return {
      dag_workers: workers,
      healthz_requests: latencies.length,
      healthz_p50_ms: round(percentile(latencies, 0.5)),
      healthz_p99_ms: round(percentile(latencies, 0.99)),
      healthz_max_ms: round(latencies.at(-1) ?? 0),
      dags_msgs_per_s: Math.round(rate),
    };
  } finally {
    server.child.kill('SIGKILL');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Record<number, Record<string, number>[]> = { 2: [], 0: [] };
for (let i = 0; i < RUNS; i++)
  for (const workers of [2, 0]) {
    const result = await run(workers);
    console.log(JSON.stringify({ bench: 'scale-server', run: i + 1, ...result }));
    results[workers]?.push(result);
  }
const median = (rows: Record<string, number>[], key: string) =>
  rows.map((r) => r[key] as number).sort((a, b) => a - b)[rows.length >> 1] ?? 0;
for (const workers of [2, 0]) {
  const rows = results[workers] ?? [];
  const keys = Object.keys(rows[0] ?? {});
  console.log(
    JSON.stringify({
      bench: 'scale-server',
      runs: RUNS,
      dag_workers: workers,
      median: Object.fromEntries(keys.map((k) => [k, median(rows, k)])),
    }),
  );
}
