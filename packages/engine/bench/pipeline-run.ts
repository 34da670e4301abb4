/**
 * One run of the in-memory pipeline benchmark (run by run.bench.ts with --expose-gc):
 * mem://queue -> drop c -> rename b to beta -> a + beta -> mem://queue, against a plain
 * JavaScript loop doing the same three operations on the same messages, in this process.
 */
import { readFileSync } from 'node:fs';
import { DagServer, type Message } from '../src/index';

const N = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const WARMUP = 100_000;
const IN_FLIGHT = 1024;
/** Latency is sampled on every 16th message, so that timing does not weigh on the rate. */
const SAMPLE = 16;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const message = (i: number): Message => ({ a: i, b: i * 2 + 1, c: i * 3, d: i + 0.5 });

/**
 * The baseline: the same three operations, written as a plain loop. Its results go to a sink, as
 * the engine's go to a queue, so that the optimizer cannot drop the objects it builds.
 */
const sink = new Array<unknown>(1024).fill(undefined);
function plainLoop(count: number): number {
  const dropKey = 'c';
  const renames: Record<string, string> = { b: 'beta' };
  let checksum = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const m = message(i);
    const filtered: Record<string, unknown> = {};
    for (const key in m) if (key !== dropKey) filtered[key] = m[key];
    const renamed: Record<string, unknown> = {};
    for (const key in filtered) renamed[renames[key] ?? key] = filtered[key];
    const out = { sum: (renamed.a as number) + (renamed.beta as number) };
    checksum += out.sum;
    sink[i & 1023] = out;
  }
  const seconds = (performance.now() - started) / 1000;
  if (checksum <= 0) throw new Error('plain loop computed nothing');
  return count / seconds;
}

async function engine(count: number, latencies: Float64Array | undefined) {
  const server = new DagServer();
  server.add(JSON.parse(readFileSync(new URL('pipeline.dag.json', import.meta.url), 'utf8')));
  const input = server.broker.queue('bench_in');
  const sentAt = new Float64Array(Math.ceil(count / SAMPLE));
  let sent = 0;
  let received = 0;
  let wrongSums = 0;
  const finished = new Promise<void>((resolve) => {
    server.broker.queue('bench_out').attach({
      paused: false,
      receive(m) {
        if (latencies && received % SAMPLE === 0)
          latencies[received / SAMPLE] = performance.now() - (sentAt[received / SAMPLE] as number);
        if (m.sum !== received * 3 + 1) wrongSums++;
        if (++received === count) resolve();
      },
    });
  });
  await server.start('bench_pipeline');
  const started = performance.now();
  const feed = () => {
    const until = Math.min(count, received + IN_FLIGHT);
    while (sent < until) {
      if (sent % SAMPLE === 0) sentAt[sent / SAMPLE] = performance.now();
      input.push(message(sent));
      sent++;
    }
    if (sent < count) setImmediate(feed);
  };
  feed();
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await server.stopAll();
  if (wrongSums > 0) throw new Error(`${wrongSums} messages came out with a wrong sum`);
  return count / seconds;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

await engine(WARMUP, undefined);
plainLoop(WARMUP);

const latencies = new Float64Array(Math.ceil(N / SAMPLE));
const heapBefore = heapUsed();
const engineRate = await engine(N, latencies);
const heapAfter = heapUsed();
// The plain loop is short and noisy: take the median of three.
const plainRate = [plainLoop(N), plainLoop(N), plainLoop(N)].sort((a, b) => a - b)[1] as number;
const sorted = latencies.sort();

console.log(
  JSON.stringify({
    bench: 'pipeline',
    messages: N,
    engine_msgs_per_s: Math.round(engineRate),
    plain_loop_msgs_per_s: Math.round(plainRate),
    ratio: Number((engineRate / plainRate).toFixed(3)),
    latency_p50_ms: Number(percentile(sorted, 0.5).toFixed(3)),
    latency_p99_ms: Number(percentile(sorted, 0.99).toFixed(3)),
    in_flight: IN_FLIGHT,
    latency_samples: sorted.length,
    heap_before_mb: Number((heapBefore / 2 ** 20).toFixed(2)),
    heap_after_mb: Number((heapAfter / 2 ** 20).toFixed(2)),
    heap_growth_mb: Number(((heapAfter - heapBefore) / 2 ** 20).toFixed(2)),
  }),
);
