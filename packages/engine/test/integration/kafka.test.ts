import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { kafkaPublisherAdapter, kafkaSubscriberAdapter } from '../../src/pubsub/kafka';
import type { Publisher, Subscriber } from '../../src/pubsub/types';
import { adapterContext, definePubSubContract, eventually, RecordingSink } from './contract';
import { requireService, services, unique } from './services';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

let kafka: Kafka;
let admin: Admin;
let raw: Producer;

async function createTopic(numPartitions = 1): Promise<string> {
  const topic = unique('flow_kafka');
  await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
  return topic;
}

beforeAll(async () => {
  await requireService('Kafka', services.kafka[0]!);
  kafka = new Kafka({ clientId: 'flow-test', brokers: services.kafka, logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  raw = kafka.producer();
  await Promise.all([admin.connect(), raw.connect()]);
  // Opens every connection these helpers need now, so that the contract's count of open sockets
  // taken before a test does not see them appear during it.
  const warmUp = await createTopic();
  await raw.send({ topic: warmUp, messages: [{ value: '{}' }] });
});

afterAll(async () => {
  await raw?.disconnect();
  await admin?.disconnect();
});

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const uriOf = (topic: string) => `kafka://topic/${topic}`;
const connections = { kafka: { default: { brokers: services.kafka } } };

let contractTopic = '';
definePubSubContract({
  name: 'kafka',
  acknowledges: true,
  flowControl: 'pause',
  // start() resolves once the group is joined; this covers the first fetch of the latest offset.
  settleMs: 500,
  async create() {
    contractTopic = await createTopic();
    const context = adapterContext(unique('kafka'), connections);
    const uri = uriOf(contractTopic);
    return {
      subscriber: () =>
        kafkaSubscriberAdapter.createSubscriber(
          kafkaSubscriberAdapter.configSchema.parse({ source: uri }),
          context,
        ),
      publisher: () =>
        kafkaPublisherAdapter.createPublisher(
          kafkaPublisherAdapter.configSchema.parse({ destination: uri }),
          context,
        ),
    };
  },
  putRaw: async (payload) => {
    await raw.send({ topic: contractTopic, messages: [{ value: payload }] });
  },
});

describe('kafka adapter', () => {
  const running: Subscriber[] = [];
  const publishers: Publisher[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(running.splice(0).map((s) => s.stop()));
    await Promise.all(publishers.splice(0).map((p) => p.stop()));
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  /** Starts a subscriber; its group is `contract_<component>` unless `group_id` is given. */
  async function subscribe(
    config: Record<string, unknown>,
    component = unique('sub'),
    connectionSettings: unknown = connections,
  ) {
    const subscriber = kafkaSubscriberAdapter.createSubscriber(
      kafkaSubscriberAdapter.configSchema.parse(config),
      adapterContext(component, connectionSettings),
    );
    const sink = new RecordingSink();
    await subscriber.start(sink, new AbortController().signal);
    running.push(subscriber);
    return { subscriber, sink, group: `contract_${component}` };
  }

  async function publisher(config: Record<string, unknown>) {
    const pub = kafkaPublisherAdapter.createPublisher(
      kafkaPublisherAdapter.configSchema.parse(config),
      adapterContext('pub', connections),
    );
    await pub.start(new AbortController().signal);
    publishers.push(pub);
    return pub;
  }

  async function send(topic: string, ...messages: object[]) {
    await raw.send({ topic, messages: messages.map((m) => ({ value: JSON.stringify(m) })) });
  }

  async function committed(groupId: string, topic: string): Promise<Map<number, string>> {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((result?.partitions ?? []).map((p) => [p.partition, p.offset]));
  }

  async function stopSubscriber(subscriber: Subscriber) {
    await subscriber.stop();
    running.splice(running.indexOf(subscriber), 1);
  }

  it('commits only acknowledged offsets, up to the first one not acknowledged', async () => {
    const topic = await createTopic();
    await send(topic, { seq: 0 }, { seq: 1 }, { seq: 2 });
    const config = { source: uriOf(topic), from_beginning: true };
    const component = unique('sub');
    const first = await subscribe(config, component);
    await eventually(() => first.sink.messages.length === 3, 'three messages');
    first.sink.acks[0]?.();
    first.sink.acks[2]?.();
    // Committed while running (every 500 ms): offset 1 is not acknowledged, so the position is 1.
    const until = Date.now() + 5000;
    let position: string | undefined;
    while (Date.now() < until) {
      position = (await committed(first.group, topic)).get(0);
      if (position === '1') break;
      await wait(100);
    }
    expect(position).toBe('1');
    await stopSubscriber(first.subscriber);
    expect((await committed(first.group, topic)).get(0)).toBe('1');

    // The same group after a restart: offset 1 (never acknowledged) and 2 (acknowledged after
    // a gap, so not committed) come again; offset 0 does not.
    const second = await subscribe(config, component);
    await eventually(() => second.sink.messages.length === 2, 'the two uncommitted messages');
    await wait(300);
    expect(second.sink.messages).toEqual([{ seq: 1 }, { seq: 2 }]);
    second.sink.ackAll();
    await stopSubscriber(second.subscriber);
    expect((await committed(second.group, topic)).get(0)).toBe('3');
  });

  it('commits per partition', async () => {
    const topic = await createTopic(3);
    const pub = await publisher({ destination: uriOf(topic) });
    await pub.publish(Array.from({ length: 30 }, (_, i) => ({ seq: i })));
    const { subscriber, sink, group } = await subscribe({
      source: uriOf(topic),
      from_beginning: true,
    });
    await eventually(() => sink.messages.length === 30, '30 messages');
    sink.ackAll();
    await stopSubscriber(subscriber);
    const offsets = await committed(group, topic);
    expect([...offsets.keys()].sort()).toEqual([0, 1, 2]);
    expect([...offsets.values()].reduce((sum, o) => sum + Number(o), 0)).toBe(30);
    expect([...offsets.values()].every((o) => Number(o) > 0)).toBe(true);
  });

  it('loses nothing when a second member joins the group and takes a partition', async () => {
    const topic = await createTopic(2);
    const pub = await publisher({ destination: uriOf(topic) });
    await pub.publish(Array.from({ length: 20 }, (_, i) => ({ seq: i })));
    const config = { source: uriOf(topic), from_beginning: true };
    const component = unique('sub');
    const first = await subscribe(config, component);
    await eventually(() => first.sink.messages.length === 20, '20 messages in the first member');
    // Nothing was acknowledged before the rebalance: each member reads its partition again
    // from the committed offset (none), nothing is lost and old acknowledgements do not count.
    const second = await subscribe(config, component);
    await eventually(
      () => first.sink.messages.length - 20 + second.sink.messages.length === 20,
      'every message again in one of the members',
    );
    await wait(500);
    first.sink.ackAll();
    second.sink.ackAll();
    await Promise.all([stopSubscriber(first.subscriber), stopSubscriber(second.subscriber)]);
    const offsets = await committed(first.group, topic);
    expect([...offsets.values()].reduce((sum, o) => sum + Number(o), 0)).toBe(20);
    const again = [...first.sink.messages.slice(20), ...second.sink.messages];
    expect(second.sink.messages.length).toBeGreaterThan(0);
    expect(new Set(again.map((m) => m.seq)).size).toBe(again.length);
  });

  it('joins the group <dag>_<subscriber> by default, or the group_id given', async () => {
    const topic = await createTopic();
    const byDefault = await subscribe({ source: uriOf(topic) });
    const overriding = unique('group');
    const named = await subscribe({ source: uriOf(topic), group_id: overriding });
    const { groups } = await admin.describeGroups([byDefault.group, overriding, named.group]);
    const byId = new Map(groups.map((g) => [g.groupId, g]));
    expect(byId.get(byDefault.group)?.state).toBe('Stable');
    expect(byId.get(byDefault.group)?.members).toHaveLength(1);
    expect(byId.get(overriding)?.state).toBe('Stable');
    expect(byId.get(overriding)?.members).toHaveLength(1);
    // The subscriber with a group_id did not join its default group.
    expect(byId.get(named.group)?.members ?? []).toHaveLength(0);
  });

  it('starts a new group at the earliest offset with from_beginning, else at the latest', async () => {
    const topic = await createTopic();
    await send(topic, { seq: 0 }, { seq: 1 });
    const earliest = await subscribe({ source: uriOf(topic), from_beginning: true });
    const latest = await subscribe({ source: uriOf(topic) });
    await eventually(() => earliest.sink.messages.length === 2, 'the old messages');
    await wait(1000);
    expect(latest.sink.messages).toEqual([]);
    await send(topic, { seq: 2 });
    await eventually(
      () => earliest.sink.messages.length === 3 && latest.sink.messages.length === 1,
      'the new message in both',
    );
    expect(earliest.sink.messages.map((m) => m.seq)).toEqual([0, 1, 2]);
    expect(latest.sink.messages).toEqual([{ seq: 2 }]);
  });

  it('passes the publisher acks to Kafka', async () => {
    const topic = await createTopic();
    const producers = vi.spyOn(Kafka.prototype, 'producer');
    const sends: unknown[] = [];
    for (const acks of [0, 1, undefined]) {
      const pub = await publisher({
        destination: uriOf(topic),
        ...(acks !== undefined && { acks }),
      });
      const producer = producers.mock.results.at(-1)?.value as Producer;
      const send = vi.spyOn(producer, 'send');
      await pub.publish([{ acks: acks ?? 'default' }]);
      sends.push(send.mock.calls[0]?.[0]);
    }
    expect(sends).toEqual([
      expect.objectContaining({ topic, acks: 0 }),
      expect.objectContaining({ topic, acks: 1 }),
      expect.objectContaining({ topic, acks: -1 }),
    ]);
    const { sink } = await subscribe({ source: uriOf(topic), from_beginning: true });
    await eventually(() => sink.messages.length === 3, 'the three published messages');
    expect(sink.messages).toEqual([{ acks: 0 }, { acks: 1 }, { acks: 'default' }]);
  });

  it('shows a broker it cannot reach as reconnecting, with the error, and keeps trying', async () => {
    const started = Date.now();
    const { subscriber, sink } = await subscribe({
      source: uriOf('unreachable'),
      brokers: ['127.0.0.1:1'],
    });
    expect(Date.now() - started).toBeLessThan(8000); // start() returns after the first failure
    const status = sink.statuses.find((s) => s.state === 'reconnecting');
    expect(status?.error).toMatch(/ECONNREFUSED|Connection/);
    expect(status?.nextRetryAt).toBeGreaterThan(started);
    expect(sink.statuses.some((s) => s.state === 'connected')).toBe(false);

    // A publisher does not fail at once: publish waits for the connection, stop ends the wait.
    const pub = await publisher({ destination: uriOf('unreachable'), brokers: ['127.0.0.1:1'] });
    let settled: 'pending' | 'resolved' | 'rejected' = 'pending';
    const publishing = Promise.resolve(pub.publish([{ x: 1 }])).then(
      () => (settled = 'resolved'),
      () => (settled = 'rejected'),
    );
    await eventually(() => pub.connectionStatus?.().state === 'reconnecting', 'publisher status');
    expect(pub.connectionStatus?.().error).toMatch(/ECONNREFUSED|Connection/);
    expect(settled).toBe('pending');
    const stopping = Date.now();
    await Promise.all([stopSubscriber(subscriber), pub.stop()]);
    publishers.splice(0);
    await publishing;
    expect(settled).toBe('rejected');
    expect(Date.now() - stopping).toBeLessThan(8000);
  });

  it('connects by itself once the broker is reachable, without a restart', async () => {
    // A port nobody listens on, later opened as a proxy to the real broker. Kafka then gives
    // the broker's own address, which the consumer uses from there on.
    const port = await freePort();
    const topic = await createTopic();
    const { sink } = await subscribe({ source: uriOf(topic), brokers: [`127.0.0.1:${port}`] });
    expect(sink.statuses.at(-1)?.state).toBe('reconnecting');
    const proxy = await tcpProxy(port, services.kafka[0]!);
    cleanups.push(proxy.close);
    await eventually(() => sink.statuses.at(-1)?.state === 'connected', 'connected', 20_000);
    await wait(500);
    await send(topic, { after: 'recovery' });
    await eventually(() => sink.messages.length === 1, 'a message after recovery');
    expect(sink.messages).toEqual([{ after: 'recovery' }]);
  });

  it('delivers the batch already fetched, then fetches nothing while paused', async () => {
    const topic = await createTopic();
    await send(topic, ...Array.from({ length: 50 }, (_, i) => ({ seq: i })));
    const subscriber = kafkaSubscriberAdapter.createSubscriber(
      kafkaSubscriberAdapter.configSchema.parse({ source: uriOf(topic), from_beginning: true }),
      adapterContext(unique('sub'), connections),
    );
    running.push(subscriber);
    const sink = new RecordingSink();
    // Pauses from inside the first delivery, as a full engine queue does.
    const deliver = sink.deliver.bind(sink);
    sink.deliver = (message, ack) => {
      deliver(message, ack);
      if (sink.messages.length === 1) subscriber.pause();
    };
    await subscriber.start(sink, new AbortController().signal);
    await eventually(() => sink.messages.length === 50, 'the fetched batch');
    await send(topic, ...Array.from({ length: 10 }, (_, i) => ({ seq: 50 + i })));
    await wait(1500);
    expect(sink.messages).toHaveLength(50);
    subscriber.resume();
    await eventually(() => sink.messages.length === 60, 'the rest after resume');
    expect(sink.messages.map((m) => m.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function tcpProxy(port: number, target: string): Promise<{ close: () => Promise<void> }> {
  const [host, targetPort] = target.split(':');
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host, port: Number(targetPort) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
