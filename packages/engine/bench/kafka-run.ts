/**
 * One run of the Kafka benchmark (run by kafka.bench.ts): Kafka in -> drop c -> rename b to beta
 * -> a + beta -> Kafka out through the engine, and in the same run a plain kafkajs
 * consume-and-produce loop doing the same three operations. Throughput over MESSAGES
 * pre-produced messages; then latency under a steady load of LATENCY_RATE messages per second.
 */
import { readFileSync } from 'node:fs';
import { Kafka, logLevel, type EachBatchPayload } from 'kafkajs';
import { DagServer } from '../src/index';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const N = Number(process.env.BENCH_MESSAGES ?? 200_000);
const LATENCY_MESSAGES = Number(process.env.BENCH_LATENCY_MESSAGES ?? 20_000);
const LATENCY_RATE = 10_000;
const brokers = (process.env.FLOW_TEST_KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const topic = (name: string) => `bench_${name}_${run}`;

const message = (i: number) => ({ a: i, b: i * 2 + 1, c: i * 3, d: i + 0.5 });
/** sum = a + beta = 3i + 1: the index of the message an output came from. */
const indexOf = (sum: number) => (sum - 1) / 3;

async function createTopics(...names: string[]) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: names.map((t) => ({ topic: t, numPartitions: 1 })),
    waitForLeaders: true,
  });
  await admin.disconnect();
}

async function produce(target: string, from: number, count: number, sentAt?: Float64Array) {
  const producer = kafka.producer();
  await producer.connect();
  for (let i = from; i < from + count; i += 1000) {
    const n = Math.min(1000, from + count - i);
    if (sentAt) for (let j = 0; j < n; j++) sentAt[i + j] = performance.now();
    await producer.send({
      topic: target,
      messages: Array.from({ length: n }, (_, j) => ({ value: JSON.stringify(message(i + j)) })),
    });
  }
  await producer.disconnect();
}

/** Produces at a steady rate (batches every 10 ms), recording send times. */
async function produceSteadily(target: string, from: number, count: number, sentAt: Float64Array) {
  const producer = kafka.producer();
  await producer.connect();
  const perTick = Math.max(1, Math.round(LATENCY_RATE / 100));
  const started = performance.now();
  for (let i = from, tick = 0; i < from + count; i += perTick, tick++) {
    const wait = started + tick * 10 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const n = Math.min(perTick, from + count - i);
    const now = performance.now();
    for (let j = 0; j < n; j++) sentAt[i + j] = now;
    await producer.send({
      topic: target,
      messages: Array.from({ length: n }, (_, j) => ({ value: JSON.stringify(message(i + j)) })),
    });
  }
  await producer.disconnect();
}

/** Counts outputs of a topic, recording when each index arrived. */
async function watch(target: string, arrivedAt: Float64Array) {
  let received = 0;
  const consumer = kafka.consumer({
    groupId: `watch_${target}`,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: target, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }: EachBatchPayload) => {
      const now = performance.now();
      for (const m of batch.messages) {
        const { sum } = JSON.parse(String(m.value)) as { sum: number };
        arrivedAt[indexOf(sum)] = now;
        received++;
      }
    },
  });
  return { consumer, received: () => received };
}

async function until(condition: () => boolean, what: () => string, ms = 120_000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`benchmark timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function p99(sentAt: Float64Array, arrivedAt: Float64Array, from: number, count: number): number {
  const latencies = new Float64Array(count);
  for (let i = 0; i < count; i++)
    latencies[i] = (arrivedAt[from + i] as number) - (sentAt[from + i] as number);
  latencies.sort();
  return latencies[Math.floor(count * 0.99)] as number;
}

/** The engine: the benchmark pipeline DAG with Kafka subscriber and publisher. */
async function engine(input: string, output: string, sentAt: Float64Array) {
  const arrivedAt = new Float64Array(N + LATENCY_MESSAGES);
  const config = JSON.parse(
    readFileSync(new URL('pipeline.dag.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  config.subscribers = [
    {
      name: 'in',
      config: {
        source: `kafka://topic/${input}`,
        from_beginning: true,
        max_depth: Number(process.env.BENCH_MAX_DEPTH ?? 10_000),
      },
    },
  ];
  config.publishers = [
    {
      name: 'out',
      config: { destination: `kafka://topic/${output}`, batch_size: 1000, publish_interval: 0.005 },
    },
  ];
  const server = new DagServer({ connections: { kafka: { default: { brokers } } } });
  server.add(config);
  const watcher = await watch(output, arrivedAt);
  const started = performance.now();
  await server.start('bench_pipeline');
  await until(
    () => watcher.received() >= N,
    () => `${N} outputs (got ${watcher.received()})`,
  );
  const rate = N / ((performance.now() - started) / 1000);
  await produceSteadily(input, N, LATENCY_MESSAGES, sentAt);
  await until(
    () => watcher.received() >= N + LATENCY_MESSAGES,
    () => `the latency messages (got ${watcher.received()})`,
  );
  await server.stopAll();
  await watcher.consumer.disconnect();
  return { rate, p99: p99(sentAt, arrivedAt, N, LATENCY_MESSAGES) };
}

/** The baseline: a plain kafkajs loop, consume a batch, the three operations, produce the batch. */
async function plainLoop(input: string, output: string, sentAt: Float64Array) {
  const arrivedAt = new Float64Array(N + LATENCY_MESSAGES);
  const watcher = await watch(output, arrivedAt);
  const producer = kafka.producer();
  await producer.connect();
  const consumer = kafka.consumer({
    groupId: `plain_${output}`,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: input, fromBeginning: true });
  const renames: Record<string, string> = { b: 'beta' };
  const started = performance.now();
  await consumer.run({
    eachBatch: async ({ batch }: EachBatchPayload) => {
      const messages = batch.messages.map((m) => {
        const input = JSON.parse(String(m.value)) as Record<string, unknown>;
        const filtered: Record<string, unknown> = {};
        for (const key in input) if (key !== 'c') filtered[key] = input[key];
        const renamed: Record<string, unknown> = {};
        for (const key in filtered) renamed[renames[key] ?? key] = filtered[key];
        return { value: JSON.stringify({ sum: (renamed.a as number) + (renamed.beta as number) }) };
      });
      // Sent in chunks, as the engine's publisher does (batch_size 1000): one request per chunk.
      for (let i = 0; i < messages.length; i += 1000) {
        await producer.send({ topic: output, acks: -1, messages: messages.slice(i, i + 1000) });
      }
    },
  });
  await until(
    () => watcher.received() >= N,
    () => `${N} outputs (got ${watcher.received()})`,
  );
  const rate = N / ((performance.now() - started) / 1000);
  await produceSteadily(input, N, LATENCY_MESSAGES, sentAt);
  await until(
    () => watcher.received() >= N + LATENCY_MESSAGES,
    () => `the latency messages (got ${watcher.received()})`,
  );
  await consumer.disconnect();
  await producer.disconnect();
  await watcher.consumer.disconnect();
  return { rate, p99: p99(sentAt, arrivedAt, N, LATENCY_MESSAGES) };
}

const [engineIn, engineOut, plainIn, plainOut] = [
  'engine_in',
  'engine_out',
  'plain_in',
  'plain_out',
].map(topic) as [string, string, string, string];
await createTopics(engineIn, engineOut, plainIn, plainOut);
await produce(engineIn, 0, N);
await produce(plainIn, 0, N);
const engineResult = await engine(engineIn, engineOut, new Float64Array(N + LATENCY_MESSAGES));
const plainResult = await plainLoop(plainIn, plainOut, new Float64Array(N + LATENCY_MESSAGES));
const admin = kafka.admin();
await admin.connect();
await admin.deleteTopics({ topics: [engineIn, engineOut, plainIn, plainOut] }).catch(() => {});
await admin.disconnect();

console.log(
  JSON.stringify({
    bench: 'kafka',
    messages: N,
    engine_msgs_per_s: Math.round(engineResult.rate),
    plain_kafkajs_msgs_per_s: Math.round(plainResult.rate),
    ratio: Number((engineResult.rate / plainResult.rate).toFixed(3)),
    engine_latency_p99_ms: Number(engineResult.p99.toFixed(2)),
    plain_latency_p99_ms: Number(plainResult.p99.toFixed(2)),
    latency_load_msgs_per_s: LATENCY_RATE,
  }),
);
process.exit(0);
