import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerDagServer } from '../../src/workers/worker-dag-server';
import { requireService, services, unique } from './services';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const kafka = new Kafka({
  clientId: 'worker-restart-test',
  brokers: services.kafka,
  logLevel: logLevel.NOTHING,
});
const COUNT = 50_000;

beforeAll(async () => {
  await requireService('Kafka', services.kafka[0] as string);
});

/** Kafka in, a calculator and a join, Kafka out: at-least-once (offsets committed once published). */
function kafkaDag(name: string, input: string, output: string, group: string) {
  return {
    name,
    subscribers: [
      {
        name: 'in',
        config: {
          source: `kafka://topic/${input}`,
          group_id: group,
          from_beginning: true,
          max_depth: 2000,
        },
      },
    ],
    publishers: [
      {
        name: 'out',
        config: { destination: `kafka://topic/${output}`, batch_size: 200, publish_interval: 0.05 },
      },
    ],
    calculators: [
      {
        name: 'add',
        type: 'AdditionCalculator',
        config: { arguments: ['id', 'one'], output_attribute: 'next' },
      },
    ],
    transformers: [
      {
        name: 'keep_id',
        type: 'AttributeFilterDataTransformer',
        config: { keep_attributes: ['id'] },
      },
    ],
    nodes: [
      { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
      { name: 'calc', type: 'CalculationNode', config: { calculator: 'add' } },
      // A calculator's output holds what it computed: the join puts the id beside it.
      { name: 'join', type: 'CalculationNode', config: {} },
      { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
    ],
    edges: [
      { from: 'src', to: 'calc' },
      { from: 'src', to: 'join', transformer: 'keep_id' },
      { from: 'calc', to: 'join' },
      { from: 'join', to: 'sink' },
    ],
  };
}

describe('a Kafka-fed DAG whose worker thread is replaced', () => {
  let engine: WorkerDagServer | undefined;
  let counter: Consumer | undefined;
  afterAll(async () => {
    await engine?.close();
    await counter?.disconnect();
  });

  it('delivers every id at least once across WorkerDagServer.restartWorker', async () => {
    const input = unique('wrestart_in');
    const output = unique('wrestart_out');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: input, numPartitions: 3 },
        { topic: output, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();

    const producer = kafka.producer();
    await producer.connect();
    for (let i = 0; i < COUNT; i += 5000)
      await producer.send({
        topic: input,
        messages: Array.from({ length: 5000 }, (_, j) => ({
          value: JSON.stringify({ id: i + j, one: 1 }),
        })),
      });
    await producer.disconnect();

    /** How often each id came out, and when each output message arrived. */
    const seen = new Map<number, number>();
    const arrivals: number[] = [];
    counter = kafka.consumer({ groupId: unique('wrestart_counter') });
    await counter.connect();
    await counter.subscribe({ topic: output, fromBeginning: true });
    await counter.run({
      eachMessage: async ({ message }) => {
        const value = JSON.parse(String(message.value)) as { id: number; next: number };
        if (value.next !== value.id + 1) throw new Error(`wrong result for id ${value.id}`);
        seen.set(value.id, (seen.get(value.id) ?? 0) + 1);
        arrivals.push(Date.now());
      },
    });

    engine = new WorkerDagServer({
      workers: 1,
      connections: { kafka: { default: { brokers: services.kafka } } },
    });
    await engine.add(kafkaDag('kafka_restart', input, output, unique('wrestart_group')));
    const started = Date.now();
    await engine.start('kafka_restart');

    const waitFor = async (condition: () => boolean, what: string, ms: number) => {
      const until = Date.now() + ms;
      while (!condition()) {
        if (Date.now() > until) {
          const details = await engine?.details('kafka_restart').catch(String);
          throw new Error(
            `timed out waiting for ${what} (${seen.size} of ${COUNT} ids): ${JSON.stringify(details)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await waitFor(() => seen.size >= COUNT / 3, 'a third of the ids', 60_000);
    const atRestart = seen.size;
    const restartedAt = Date.now();
    await engine.restartWorker(1);
    const arrivedBefore = arrivals.length;
    await waitFor(() => seen.size === COUNT, 'every id after the restart', 120_000);
    const done = Date.now();

    // The gap: the longest stretch without output from the restart on.
    let gap = 0;
    let previous = restartedAt;
    for (const at of arrivals.slice(arrivedBefore)) {
      gap = Math.max(gap, at - previous);
      previous = at;
    }
    const duplicates = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    const status = engine.status();
    console.log(
      JSON.stringify({
        kafkaWorkerRestart: {
          ids: COUNT,
          seenAtRestart: atRestart,
          received: arrivals.length,
          duplicates: duplicates.length,
          duplicatedIds: duplicates.slice(0, 20),
          gapMs: gap,
          restartToAllMs: done - restartedAt,
          totalMs: done - started,
          worker: status.workers[0],
        },
      }),
    );
    expect(seen.size).toBe(COUNT);
    expect(engine.state('kafka_restart')).toBe('running');
    expect(status.workers).toEqual([expect.objectContaining({ id: 1, restarts: 1 })]);
  }, 240_000);
});
