/**
 * One run of the in-memory pipeline benchmark (run by run.bench.ts with --expose-gc):
 * mem://queue -> drop c -> rename b to beta -> a + beta -> mem://queue, against a plain
 * JavaScript loop doing the same three operations on the same messages, in this process.
 * Beside it, in the same rounds, the expression pipeline (issue 17): mem://queue ->
 * ExpressionCalculator `a + b` -> FilterCalculator `sum > 0` -> mem://queue (`expr_*` keys),
 * and the same computed by expressions outside the fast path (`$sum([a, b])`, `$not(sum <= 0)`),
 * which JSONata's evaluator runs (`expr_jsonata_*`).
 */
import { readFileSync } from 'node:fs';
import { compileExpression, isExpressionError } from '@flow/shared';
import { DagServer, type Message } from '../src/index';

const N = Number(process.env.BENCH_MESSAGES ?? 2_000_000);
const WARMUP = 100_000;
/** Engine and plain loop take turns this many times, each with N / ROUNDS messages. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
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

/**
 * The engine, started once and fed in rounds: each round pushes `count` messages with at most
 * IN_FLIGHT waiting, and resolves with its rate once the last one came out of the pipeline.
 */
async function startEngine(file = 'pipeline.dag.json', dag = 'bench_pipeline') {
  const server = new DagServer();
  server.add(JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')));
  const input = server.broker.queue('bench_in');
  let sent = 0;
  let received = 0;
  let wrongSums = 0;
  let until = 0;
  let latencies: Float64Array | undefined;
  let sampleBase = 0;
  let sentAt = new Float64Array(0);
  let done: (() => void) | undefined;
  server.broker.queue('bench_out').attach({
    paused: false,
    receive(m) {
      if (latencies && received % SAMPLE === 0) {
        const k = (received - sampleBase) / SAMPLE;
        latencies[k] = performance.now() - (sentAt[k] as number);
      }
      if (m.sum !== received * 3 + 1) wrongSums++;
      if (++received === until) done?.();
    },
  });
  await server.start(dag);
  const feed = () => {
    const upTo = Math.min(until, received + IN_FLIGHT);
    while (sent < upTo) {
      if (latencies && sent % SAMPLE === 0)
        sentAt[(sent - sampleBase) / SAMPLE] = performance.now();
      input.push(message(sent));
      sent++;
    }
    if (sent < until) setImmediate(feed);
  };
  return {
    async round(count: number, sampleInto?: Float64Array): Promise<number> {
      latencies = sampleInto;
      sampleBase = sent;
      if (sampleInto) sentAt = new Float64Array(sampleInto.length);
      until = sent + count;
      const finished = new Promise<void>((resolve) => (done = resolve));
      const started = performance.now();
      feed();
      await finished;
      const seconds = (performance.now() - started) / 1000;
      if (wrongSums > 0) throw new Error(`${wrongSums} messages came out with a wrong sum`);
      return count / seconds;
    },
    stop: () => server.stopAll(),
  };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

/**
 * One expression evaluated on the bench's messages this many times a second, by the fast path
 * or by JSONata's evaluator (`fast: false`).
 */
function evaluations(fast: boolean, count: number): number {
  const compiled = compileExpression('a + b', { fast });
  if (isExpressionError(compiled)) throw new Error(compiled.error.message);
  let checksum = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) checksum += compiled.evaluate(message(i)) as number;
  const seconds = (performance.now() - started) / 1000;
  if (checksum <= 0) throw new Error('no evaluation');
  return count / seconds;
}

const engine = await startEngine();
const expressions = await startEngine('expression.dag.json', 'bench_expression');
const slowExpressions = await startEngine(
  'expression-jsonata.dag.json',
  'bench_expression_jsonata',
);
await engine.round(WARMUP);
await expressions.round(WARMUP);
await slowExpressions.round(WARMUP / 10);
plainLoop(WARMUP);
evaluations(true, WARMUP);
evaluations(false, WARMUP / 10);

// Engine and plain loop alternate in rounds, so that a load that comes and goes on this machine
// (2 cores, other processes) weighs on both alike; the ratio is the median of the rounds' ratios.
const perRound = Math.ceil(N / ROUNDS);
const latencies: Float64Array[] = [];
const engineRates: number[] = [];
const plainRates: number[] = [];
const ratios: number[] = [];
const exprRates: number[] = [];
const exprJsonataRates: number[] = [];
const heapBefore = heapUsed();
for (let r = 0; r < ROUNDS; r++) {
  const sampled = new Float64Array(Math.ceil(perRound / SAMPLE));
  const engineRate = await engine.round(perRound, sampled);
  const plainRate = plainLoop(perRound);
  latencies.push(sampled);
  engineRates.push(engineRate);
  plainRates.push(plainRate);
  ratios.push(engineRate / plainRate);
  exprRates.push(await expressions.round(perRound));
  // JSONata's evaluator is some 10 times slower: a tenth of the messages keeps the run short.
  exprJsonataRates.push(await slowExpressions.round(Math.ceil(perRound / 10)));
}
const heapAfter = heapUsed();
await engine.stop();
await expressions.stop();
await slowExpressions.stop();
const evalFast = evaluations(true, perRound);
const evalJsonata = evaluations(false, Math.ceil(perRound / 4));

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const sorted = Float64Array.from(latencies.flatMap((l) => [...l])).sort();

console.log(
  JSON.stringify({
    bench: 'pipeline',
    messages: perRound * ROUNDS,
    rounds: ROUNDS,
    engine_msgs_per_s: Math.round(median(engineRates)),
    plain_loop_msgs_per_s: Math.round(median(plainRates)),
    ratio: Number(median(ratios).toFixed(3)),
    round_ratios: ratios.map((r) => Number(r.toFixed(3))),
    latency_p50_ms: Number(percentile(sorted, 0.5).toFixed(3)),
    latency_p99_ms: Number(percentile(sorted, 0.99).toFixed(3)),
    in_flight: IN_FLIGHT,
    latency_samples: sorted.length,
    heap_before_mb: Number((heapBefore / 2 ** 20).toFixed(2)),
    heap_after_mb: Number((heapAfter / 2 ** 20).toFixed(2)),
    heap_growth_mb: Number(((heapAfter - heapBefore) / 2 ** 20).toFixed(2)),
    expr_engine_msgs_per_s: Math.round(median(exprRates)),
    expr_jsonata_engine_msgs_per_s: Math.round(median(exprJsonataRates)),
    expr_eval_fast_per_s: Math.round(evalFast),
    expr_eval_jsonata_per_s: Math.round(evalJsonata),
  }),
);
