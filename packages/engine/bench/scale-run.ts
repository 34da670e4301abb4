/**
 * One run of `pnpm bench:scale` (engine part; run by run.bench.ts): the pipeline benchmark's DAG
 * (drop c -> rename b to beta -> a + beta), fed in its own thread by `custom://bench_source`
 * and checked by `custom://bench_sink` (bench/plugins), run
 *   - one DAG in the calling thread (DagServer) and one in a worker (WorkerDagServer), and
 *   - two DAGs in the calling thread and two on two workers,
 * each after a warm-up, in the same process. Rates are messages through the sink per second,
 * all DAGs together; the ratios are workers against the calling thread.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DagServer, WorkerDagServer, type DagEngine } from '../src/index';

const N = Number(process.env.BENCH_MESSAGES ?? 4_000_000);
const plugins = fileURLToPath(new URL('plugins', import.meta.url));
const pipeline = JSON.parse(
  readFileSync(new URL('pipeline.dag.json', import.meta.url), 'utf8'),
) as {
  nodes: { name: string; type: string }[];
};

let names = 0;
function dag(count: number) {
  return {
    ...pipeline,
    name: `scale_${names++}`,
    subscribers: [{ name: 'in', config: { source: 'custom://bench_source', options: { count } } }],
    publishers: [{ name: 'out', config: { destination: 'custom://bench_sink' } }],
  };
}

/**
 * Runs `dags` copies of `count` messages each at once; their aggregate rate (msg/s), from the
 * first look that finds messages through to the last, so that starting a DAG (a request to a
 * worker) is not counted against it.
 */
async function round(engine: DagEngine, dags: number, count: number): Promise<number> {
  const configs = Array.from({ length: dags }, () => dag(count));
  for (const config of configs) await engine.add(config);
  await Promise.all(configs.map((c) => engine.start(c.name)));
  let first: { at: number; through: number } | undefined;
  for (;;) {
    const details = await Promise.all(configs.map((c) => engine.details(c.name)));
    const at = performance.now();
    const through = details.reduce(
      (sum, d) => sum + (d.nodes.find((n) => n.name === 'sink')?.computeCount ?? 0),
      0,
    );
    const failures = details.flatMap((d) => d.nodes.flatMap((n) => n.errors));
    if (failures.length > 0) throw new Error(`the pipeline failed: ${failures[0]?.message}`);
    if (through > 0 && !first) first = { at, through };
    if (through === dags * count && first) {
      for (const config of configs) await engine.delete(config.name);
      return (through - first.through) / ((at - first.at) / 1000);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function measure(engine: DagEngine, dags: number): Promise<number> {
  await engine.loadPlugins(plugins);
  await round(engine, dags, Math.ceil(N / 10));
  const rate = await round(engine, dags, N);
  await engine.close();
  return rate;
}

const oneThread = await measure(new DagServer(), 1);
const oneWorker = await measure(new WorkerDagServer({ workers: 1 }), 1);
const twoThread = await measure(new DagServer(), 2);
const twoWorkers = await measure(new WorkerDagServer({ workers: 2 }), 2);
const round3 = (x: number) => Math.round(x * 1000) / 1000;
console.log(
  JSON.stringify({
    messages_per_dag: N,
    one_dag_thread_msgs_per_s: Math.round(oneThread),
    one_dag_worker_msgs_per_s: Math.round(oneWorker),
    one_dag_worker_ratio: round3(oneWorker / oneThread),
    two_dags_thread_msgs_per_s: Math.round(twoThread),
    two_dags_workers_msgs_per_s: Math.round(twoWorkers),
    two_dags_workers_ratio: round3(twoWorkers / twoThread),
  }),
);
process.exit(0);
