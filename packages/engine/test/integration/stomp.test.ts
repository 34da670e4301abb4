import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { Client } from '@stomp/stompjs';
import { TCPWrapper } from '@stomp/tcp-wrapper';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Publisher, Subscriber } from '../../src/index';
import { stompPublisherAdapter, stompSubscriberAdapter } from '../../src/pubsub/stomp';
import { adapterContext, definePubSubContract, eventually, RecordingSink } from './contract';
import { requireService, services, unique } from './services';

const broker = new URL(services.stomp);
const login = decodeURIComponent(broker.username);
const passcode = decodeURIComponent(broker.password);
const brokerPort = Number(broker.port || 61613);
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same STOMP contract also runs against Apache ActiveMQ (`scripts/services.sh` starts both). */
const activemqUrl =
  process.env.FLOW_TEST_ACTIVEMQ_STOMP_URL ?? 'stomp://admin:admin@127.0.0.1:61623';

/** A plain STOMP connection of the test itself, for payloads the adapter would never send. */
let raw: Client;

function connectRaw(url = services.stomp): Promise<Client> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const client = new Client({
      webSocketFactory: () => new TCPWrapper(target.hostname, Number(target.port || 61613)),
      connectHeaders: {
        login: decodeURIComponent(target.username),
        passcode: decodeURIComponent(target.password),
        host: '/',
      },
      reconnectDelay: 0,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      onConnect: () => resolve(client),
      onStompError: (frame) => reject(new Error(frame.headers.message)),
      onWebSocketClose: () => reject(new Error('the test connection closed')),
    });
    client.activate();
  });
}

/** SENDs a raw body and waits until the broker accepted it. */
function sendRaw(destination: string, body: string, client = raw): Promise<void> {
  return new Promise((resolve) => {
    const receipt = unique('raw');
    client.watchForReceipt(receipt, () => resolve());
    client.publish({ destination, body, headers: { receipt } });
  });
}

beforeAll(async () => {
  await requireService('RabbitMQ (STOMP)', services.stomp);
  raw = await connectRaw();
});
afterAll(async () => {
  await raw?.deactivate();
});

function subscriberFor(config: Record<string, unknown>, name = 'stomp_in'): Subscriber {
  return stompSubscriberAdapter.createSubscriber(
    stompSubscriberAdapter.configSchema.parse(config),
    adapterContext(name),
  );
}

function publisherFor(config: Record<string, unknown>, name = 'stomp_out'): Publisher {
  return stompPublisherAdapter.createPublisher(
    stompPublisherAdapter.configSchema.parse(config),
    adapterContext(name),
  );
}

let queue = '';
definePubSubContract({
  name: 'stomp queue',
  acknowledges: true,
  flowControl: 'pause',
  async create() {
    queue = unique('contract');
    // Through a named connection of the server settings.
    const context = adapterContext('stomp_queue', { stomp: { main: { url: services.stomp } } });
    const uri = `stomp://queue/${queue}`;
    return {
      subscriber: () =>
        stompSubscriberAdapter.createSubscriber(
          stompSubscriberAdapter.configSchema.parse({ source: uri, connection: 'main' }),
          context,
        ),
      publisher: () =>
        stompPublisherAdapter.createPublisher(
          stompPublisherAdapter.configSchema.parse({ destination: uri, connection: 'main' }),
          context,
        ),
    };
  },
  putRaw: (payload) => sendRaw(`/queue/${queue}`, payload),
});

let topic = '';
definePubSubContract({
  name: 'stomp topic',
  acknowledges: false,
  flowControl: 'drop-oldest',
  settleMs: 200,
  async create() {
    topic = unique('contract');
    const uri = `stomp://topic/${topic}`;
    return {
      subscriber: () => subscriberFor({ source: uri, url: services.stomp }, 'stomp_topic'),
      publisher: () => publisherFor({ destination: uri, url: services.stomp }, 'stomp_topic'),
    };
  },
  putRaw: (payload) => sendRaw(`/topic/${topic}`, payload),
});

describe('against ActiveMQ', () => {
  let rawActivemq: Client;
  beforeAll(async () => {
    await requireService('ActiveMQ (STOMP)', activemqUrl);
    rawActivemq = await connectRaw(activemqUrl);
  });
  afterAll(async () => {
    await rawActivemq?.deactivate();
  });

  let amqQueue = '';
  definePubSubContract({
    name: 'stomp queue (ActiveMQ)',
    acknowledges: true,
    flowControl: 'pause',
    async create() {
      amqQueue = unique('contract');
      const context = adapterContext('stomp_queue', { stomp: { amq: { url: activemqUrl } } });
      const uri = `stomp://queue/${amqQueue}`;
      return {
        subscriber: () =>
          stompSubscriberAdapter.createSubscriber(
            stompSubscriberAdapter.configSchema.parse({ source: uri, connection: 'amq' }),
            context,
          ),
        publisher: () =>
          stompPublisherAdapter.createPublisher(
            stompPublisherAdapter.configSchema.parse({ destination: uri, connection: 'amq' }),
            context,
          ),
      };
    },
    putRaw: (payload) => sendRaw(`/queue/${amqQueue}`, payload, rawActivemq),
  });

  let amqTopic = '';
  definePubSubContract({
    name: 'stomp topic (ActiveMQ)',
    acknowledges: false,
    flowControl: 'drop-oldest',
    settleMs: 200,
    async create() {
      amqTopic = unique('contract');
      const uri = `stomp://topic/${amqTopic}`;
      return {
        subscriber: () => subscriberFor({ source: uri, url: activemqUrl }, 'stomp_topic'),
        publisher: () => publisherFor({ destination: uri, url: activemqUrl }, 'stomp_topic'),
      };
    },
    putRaw: (payload) => sendRaw(`/topic/${amqTopic}`, payload, rawActivemq),
  });
});

/** A TCP proxy to the broker whose connections the test can cut, and refuse while it is down. */
async function startProxy() {
  const sockets = new Set<Socket>();
  let up = true;
  const server: Server = createServer((client) => {
    if (!up) return void client.destroy();
    const upstream = createConnection(brokerPort, broker.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    /** Cuts every connection and refuses new ones until `restore`. */
    cut() {
      up = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      up = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('stomp adapter', () => {
  it('reports an unreachable broker as reconnecting, with an error that holds no password', async () => {
    const url = 'stomp://flow:pw-Secret-123@127.0.0.1:1';
    const started = Date.now();
    const sub = subscriberFor({ source: 'stomp://queue/nowhere', url });
    const sink = new RecordingSink();
    await sub.start(sink, new AbortController().signal); // resolves after the first failure
    const pub = publisherFor({ destination: 'stomp://queue/nowhere', url });
    await pub.start(new AbortController().signal);
    try {
      await eventually(
        () => sink.statuses.filter((s) => s.state === 'reconnecting').length >= 2,
        'two failed attempts',
        5000,
      );
      await eventually(
        () => pub.connectionStatus?.().state === 'reconnecting',
        'the publisher to report it',
        5000,
      );
      expect(sink.statuses[0]?.state).toBe('connecting');
      expect(sink.statuses.some((s) => s.state === 'connected')).toBe(false);
      for (const status of [
        ...sink.statuses.filter((s) => s.state === 'reconnecting'),
        pub.connectionStatus!(),
      ]) {
        expect(status.error).toContain('127.0.0.1:1');
        expect(status.error).not.toContain('pw-Secret-123');
        expect(status.nextRetryAt).toBeGreaterThan(started);
      }
    } finally {
      await sub.stop();
      await pub.stop();
    }
  });

  it('reports a refused login at once, with the broker’s reason and no password', async () => {
    const url = `stomp://${login}:wrong-pw-987@${broker.hostname}:${brokerPort}`;
    const sub = subscriberFor({ source: `stomp://queue/${unique('refused')}`, url });
    const sink = new RecordingSink();
    await sub.start(sink, new AbortController().signal);
    try {
      await eventually(() => sink.statuses.at(-1)?.state === 'reconnecting', 'the refusal', 3000);
      const error = sink.statuses.at(-1)?.error ?? '';
      expect(error).toContain('ERROR');
      expect(error).not.toContain('wrong-pw-987');
    } finally {
      await sub.stop();
    }
  });

  it('after a lost connection, reconnects and subscribes again by itself, and gets the unacknowledged messages again', async () => {
    const proxy = await startProxy();
    const uri = `stomp://queue/${unique('cut')}`;
    const url = `stomp://${login}:${passcode}@127.0.0.1:${proxy.port}`;
    const sub = subscriberFor({ source: uri, url });
    const pub = publisherFor({ destination: uri, url });
    const sink = new RecordingSink();
    try {
      await sub.start(sink, new AbortController().signal);
      await pub.start(new AbortController().signal);
      await pub.publish([{ seq: 1 }, { seq: 2 }, { seq: 3 }]);
      await eventually(() => sink.messages.length === 3, 'three messages');
      sink.acks[0]?.();
      await wait(300);

      proxy.cut();
      await eventually(() => sink.statuses.at(-1)?.state === 'reconnecting', 'reconnecting');
      expect(sink.statuses.at(-1)?.error).toContain(`127.0.0.1:${proxy.port}`);
      // A batch published while the connection is down fails (the engine sends it again).
      await eventually(() => pub.connectionStatus?.().state === 'reconnecting', 'publisher down');
      await expect(pub.publish([{ seq: 4 }])).rejects.toThrow(`127.0.0.1:${proxy.port}`);
      const staleAcks = sink.acks.splice(0);

      proxy.restore();
      await eventually(
        () => pub.connectionStatus?.().state === 'connected',
        'publisher up',
        10_000,
      );
      await pub.publish([{ seq: 4 }]);
      await eventually(() => sink.messages.length === 6, 'seq 2 and 3 again, then 4');
      expect(sink.messages.map((m) => m.seq)).toEqual([1, 2, 3, 2, 3, 4]);
      expect(sink.statuses.at(-1)?.state).toBe('connected');
      // Acks of the lost connection are no-ops (the broker would refuse their ids).
      for (const ack of staleAcks) ack?.();
      sink.ackAll();
      await wait(300);
      expect(sink.statuses.at(-1)?.state).toBe('connected');
    } finally {
      await sub.stop();
      await pub.stop();
      await proxy.close();
    }
    // Everything was acknowledged: a new subscriber finds the queue empty.
    const again = subscriberFor({ source: uri, url: services.stomp });
    const sink2 = new RecordingSink();
    await again.start(sink2, new AbortController().signal);
    await wait(800);
    await again.stop();
    expect(sink2.messages).toEqual([]);
  });

  it('keeps at most max_depth messages unacknowledged (prefetch), then takes more as they are acked', async () => {
    const uri = `stomp://queue/${unique('prefetch')}`;
    const sub = subscriberFor({ source: uri, url: services.stomp, max_depth: 5 });
    const pub = publisherFor({ destination: uri, url: services.stomp });
    const sink = new RecordingSink();
    try {
      await sub.start(sink, new AbortController().signal);
      await pub.start(new AbortController().signal);
      await pub.publish(Array.from({ length: 12 }, (_, i) => ({ seq: i })));
      await eventually(() => sink.messages.length === 5, 'the first five');
      await wait(500);
      expect(sink.messages.length).toBe(5);
      sink.ackAll();
      await eventually(() => sink.messages.length === 10, 'five more');
      sink.ackAll();
      await eventually(() => sink.messages.length === 12, 'the rest');
      sink.ackAll();
      expect(sink.messages.map((m) => m.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    } finally {
      await sub.stop();
      await pub.stop();
    }
  });
});
