import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collect, DagServer, type DagServerOptions } from '../../src/index';
import { HostPolicy } from '../../src/policy/hosts';
import { eventually } from './contract';
import { requireService, services, unique } from './services';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** The ActiveMQ that `scripts/services.sh` starts beside RabbitMQ. */
const activemqUrl =
  process.env.FLOW_TEST_ACTIVEMQ_STOMP_URL ?? 'stomp://admin:admin@127.0.0.1:61623';

let kafka: Kafka;
let admin: Admin;
let producer: Producer;

beforeAll(async () => {
  await requireService('RabbitMQ (STOMP)', services.stomp);
  await requireService('ActiveMQ (STOMP)', activemqUrl);
  await requireService('Kafka', services.kafka[0]!);
  kafka = new Kafka({ clientId: 'flow-test', brokers: services.kafka, logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
});
afterAll(async () => {
  await producer?.disconnect();
  await admin?.disconnect();
});

const servers: DagServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stopAll()));
});

function serverWith(options: DagServerOptions): DagServer {
  const server = new DagServer(options);
  servers.push(server);
  return server;
}

/**
 * An original-format DAG that sends what comes into an in-memory queue out through `via` (a
 * publisher config) and reads it back in through `back` (a subscriber config) into `out`.
 */
function roundTrip(
  name: string,
  input: string,
  via: Record<string, unknown>,
  back: Record<string, unknown>,
  output: string,
) {
  const config = {
    name,
    subscribers: [
      { name: 'feed', config: { source: `inmemory://${input}` } },
      { name: 'back', config: back },
    ],
    publishers: [
      { name: 'via', config: via },
      { name: 'out', config: { destination: `mem://queue/${output}` } },
    ],
    nodes: [
      { name: 'feed_in', type: 'SubscriptionNode', subscriber: 'feed', config: {} },
      { name: 'send', type: 'PublicationNode', publishers: ['via'], config: {} },
      { name: 'back_in', type: 'SubscriptionNode', subscriber: 'back', config: {} },
      { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
    ],
    edges: [
      { from_node: 'feed_in', to_node: 'send' },
      { from_node: 'back_in', to_node: 'sink' },
    ],
  };
  return { config, input, output: `mem://queue/${output}` };
}

async function runRoundTrip(server: DagServer, dag: ReturnType<typeof roundTrip>) {
  const { config, input } = dag;
  const output = collect(server.broker, dag.output);
  server.add(config);
  await server.start(config.name);
  const sent = [1, 2, 3].map((n) => ({ n, dag: config.name }));
  for (const message of sent) server.broker.queue(input).push(message);
  await eventually(() => output.messages.length >= sent.length, `${config.name} round trip`);
  return { sent, received: output.messages };
}

describe('adapter forms of the original, against the real brokers', () => {
  it('activemq://queue/X round-trips over STOMP on the connection named activemq', async () => {
    const queue = unique('orig_amq');
    // The default connection leads nowhere: the round trip can only go through ActiveMQ.
    const server = serverWith({
      connections: {
        stomp: { activemq: { url: activemqUrl }, default: { url: 'stomp://u:p@127.0.0.1:1' } },
      },
    });
    const config = roundTrip(
      'orig_activemq',
      unique('amq_feed_queue'),
      { destination: `activemq://queue/${queue}`, host: 'ignored', port: 1 },
      { source: `activemq://queue/${queue}`, username: 'ignored', password: 'ignored' },
      unique('amq_out'),
    );
    const { sent, received } = await runRoundTrip(server, config);
    expect(received).toEqual(sent);
    expect(server.validate(config.config).subscribers[1]?.config).toMatchObject({
      source: `stomp://queue/${queue}`,
      connection: 'activemq',
    });
  });

  it('rabbitmq://queue/X round-trips over STOMP on the default connection', async () => {
    const queue = unique('orig_rmq');
    const server = serverWith({ connections: { stomp: { default: { url: services.stomp } } } });
    const config = roundTrip(
      'orig_rabbitmq',
      unique('rmq_feed_queue'),
      { destination: `rabbitmq://queue/${queue}` },
      { source: `rabbitmq://queue/${queue}`, virtual_host: '/' },
      unique('rmq_out'),
    );
    const { sent, received } = await runRoundTrip(server, config);
    expect(received).toEqual(sent);
  });

  it('a Kafka subscriber given bootstrap_servers and group_id consumes, from the earliest offset', async () => {
    const topic = unique('orig_kafka');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    // Sent before the DAG starts: the original's new group reads from the earliest offset.
    await producer.send({ topic, messages: [{ value: JSON.stringify({ n: 0, early: true }) }] });
    const group = unique('orig_group');
    // No named Kafka connection at all: the brokers are the file's own.
    const server = serverWith({});
    const dag = roundTrip(
      'orig_kafka',
      unique('kafka_feed_queue'),
      {
        destination: `kafka://topic/${topic}`,
        bootstrap_servers: services.kafka,
        producer_config: { acks: 'all' },
      },
      {
        source: `kafka://topic/${topic}`,
        bootstrap_servers: services.kafka.join(','),
        group_id: group,
      },
      unique('kafka_out'),
    );
    const output = collect(server.broker, dag.output);
    server.add(dag.config);
    await server.start('orig_kafka');
    server.broker.queue(dag.input).push({ n: 1 });
    await eventually(() => output.messages.length >= 2, 'the Kafka round trip', 30_000);
    expect(output.messages).toEqual([{ n: 0, early: true }, { n: 1 }]);
    // The file's group_id is the consumer group that commits what was read.
    const deadline = Date.now() + 15_000;
    let committed = '-1';
    while (committed !== '2' && Date.now() < deadline) {
      const offsets = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      committed = offsets[0]?.partitions[0]?.offset ?? '-1';
      if (committed !== '2') await new Promise((r) => setTimeout(r, 200));
    }
    expect(committed).toBe('2');
  });

  it('bootstrap_servers go through ALLOWED_HOSTS like our brokers', async () => {
    const topic = unique('orig_kafka_hosts');
    const server = serverWith({ hosts: HostPolicy.parse('127.0.0.1:1') });
    server.add(
      roundTrip(
        'orig_hosts',
        unique('hosts_feed_queue'),
        { destination: 'mem://queue/nowhere' },
        { source: `kafka://topic/${topic}`, bootstrap_servers: services.kafka },
        unique('hosts_out'),
      ).config,
    );
    await server.start('orig_hosts');
    await eventually(
      () =>
        (server.details('orig_hosts').nodes.find((n) => n.name === 'back_in')?.errors ?? []).some(
          (e) => e.message.includes('is not in ALLOWED_HOSTS'),
        ),
      'the broker to be refused',
    );
  });

  it('a fanin over a RabbitMQ queue and an in-memory queue delivers both', async () => {
    const queue = unique('orig_fan');
    const memQueue = unique('fan_mem_queue');
    const output = unique('fan_out');
    const server = serverWith({ connections: { stomp: { default: { url: services.stomp } } } });
    server.add({
      name: 'orig_fanin',
      subscribers: [
        { name: 'mq', config: { source: `rabbitmq://queue/${queue}` } },
        { name: 'local', config: { source: `mem://${memQueue}` } },
        { name: 'both', config: { source: 'fanin://mq, local' } },
      ],
      publishers: [
        { name: 'to_mq', config: { destination: `rabbitmq://queue/${queue}` } },
        { name: 'out', config: { destination: `mem://queue/${output}` } },
      ],
      nodes: [
        { name: 'in', type: 'SubscriptionNode', subscriber: 'both', config: {} },
        { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
        { name: 'tick', type: 'MetronomeNode', config: { interval: 0.2 } },
        { name: 'send', type: 'PublicationNode', publishers: ['to_mq'], config: {} },
      ],
      edges: [
        { from_node: 'in', to_node: 'sink' },
        { from_node: 'tick', to_node: 'send' },
      ],
    });
    const received = collect(server.broker, `mem://queue/${output}`);
    await server.start('orig_fanin');
    server.broker.queue(memQueue).push({ from: 'memory' });
    // The metronome's ticks (the original's form: metronome_tick) go to RabbitMQ and come back
    // through the fanin.
    await eventually(() => received.messages.length >= 2, 'both sources through the fanin');
    expect(received.messages).toContainEqual({ from: 'memory' });
    expect(received.messages.some((m) => typeof m.metronome_tick === 'number')).toBe(true);
  });
});
