import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireService, services, unique } from './services';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const kafka = new Kafka({
  clientId: 'crash-test',
  brokers: services.kafka,
  logLevel: logLevel.NOTHING,
});

beforeAll(async () => {
  await requireService('Kafka', `tcp://${services.kafka[0]}`);
});

function crashDag(input: string, output: string) {
  return {
    name: 'crash_pipeline',
    subscribers: [
      {
        name: 'in',
        config: { source: `kafka://topic/${input}`, from_beginning: true, max_depth: 2000 },
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
        name: 'drop_c',
        type: 'AttributeFilterAwayCalculator',
        config: { filter_attributes: ['c'] },
      },
      {
        name: 'b_to_beta',
        type: 'AttributeNameChangeCalculator',
        config: { name_mapping: { b: 'beta' } },
      },
      {
        name: 'add',
        type: 'AdditionCalculator',
        config: { arguments: ['a', 'beta'], output_attribute: 'sum' },
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
      { name: 'filter', type: 'CalculationNode', config: { calculator: 'drop_c' } },
      { name: 'rename', type: 'CalculationNode', config: { calculator: 'b_to_beta' } },
      { name: 'addition', type: 'CalculationNode', config: { calculator: 'add' } },
      { name: 'join', type: 'CalculationNode', config: {} },
      { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
    ],
    edges: [
      { from: 'src', to: 'filter' },
      { from: 'filter', to: 'rename' },
      { from: 'rename', to: 'addition' },
      { from: 'src', to: 'join', transformer: 'keep_id' },
      { from: 'addition', to: 'join' },
      { from: 'join', to: 'sink' },
    ],
  };
}

/** Runs the DAG with the CLI in a child process, as a deployment would. */
function runDag(dagFile: string, connectionsFile: string): ChildProcess {
  return spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'packages/engine/src/cli/main.ts',
      'run',
      dagFile,
      '--quiet',
      '--connections',
      connectionsFile,
    ],
    { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve()
      : child.once('exit', () => resolve()),
  );

describe('Kafka crash recovery', () => {
  let counter: Consumer | undefined;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await counter?.disconnect();
  });

  it('delivers every message at least once across a SIGKILL of the DAG process', async () => {
    const count = 50_000;
    const input = unique('crash_in');
    const output = unique('crash_out');
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
    for (let i = 0; i < count; i += 5000) {
      await producer.send({
        topic: input,
        messages: Array.from({ length: 5000 }, (_, j) => ({
          value: JSON.stringify({ id: i + j, a: i + j, b: 1, c: 'x' }),
        })),
      });
    }
    await producer.disconnect();

    const seen = new Map<number, number>();
    let received = 0;
    counter = kafka.consumer({ groupId: unique('crash_counter') });
    await counter.connect();
    await counter.subscribe({ topic: output, fromBeginning: true });
    await counter.run({
      eachMessage: async ({ message }) => {
        const value = JSON.parse(String(message.value)) as { id: number; sum: number };
        if (value.sum !== value.id + 1) throw new Error(`wrong sum for id ${value.id}`);
        seen.set(value.id, (seen.get(value.id) ?? 0) + 1);
        received++;
      },
    });

    const dir = mkdtempSync(join(tmpdir(), 'flow-crash-'));
    const dagFile = join(dir, 'crash.json');
    const connectionsFile = join(dir, 'connections.json');
    writeFileSync(dagFile, JSON.stringify(crashDag(input, output)));
    writeFileSync(
      connectionsFile,
      JSON.stringify({ kafka: { default: { brokers: services.kafka } } }),
    );

    const waitFor = async (condition: () => boolean, what: string, ms: number) => {
      const until = Date.now() + ms;
      while (!condition()) {
        if (Date.now() > until)
          throw new Error(`timed out waiting for ${what} (${seen.size} of ${count} ids)`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    const first = runDag(dagFile, connectionsFile);
    children.push(first);
    await waitFor(() => seen.size >= count * 0.3, 'a third of the messages', 90_000);
    first.kill('SIGKILL');
    await exited(first);
    const atKill = seen.size;

    const second = runDag(dagFile, connectionsFile);
    children.push(second);
    await waitFor(() => seen.size === count, 'every id', 120_000);
    second.kill('SIGTERM');
    await exited(second);

    const duplicates = received - seen.size;
    console.log(
      `kafka crash: ${count} ids, ${atKill} seen before SIGKILL, ${received} received, ${duplicates} duplicates`,
    );
    expect(seen.size).toBe(count);
    expect(second.exitCode).toBe(0);
  }, 240_000);
});
