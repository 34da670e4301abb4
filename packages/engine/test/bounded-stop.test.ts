import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ComponentRegistry, DagServer, type Publisher, type Subscriber } from '../src/index';

const never = () => new Promise<void>(() => {});

/** Adapters whose stop never resolves, as a client stuck reconnecting to a dead broker would. */
function stuckRegistry(): ComponentRegistry {
  const registry = new ComponentRegistry();
  registry.register({
    kind: 'subscriber',
    type: 'stuck',
    description: 'a source whose stop never returns',
    configSchema: z.record(z.string(), z.unknown()),
    createSubscriber: (): Subscriber => ({
      uri: 'custom://stuck',
      flowControl: 'pause',
      start: async () => {},
      pause() {},
      resume() {},
      stop: never,
    }),
  });
  registry.register({
    kind: 'publisher',
    type: 'stuck',
    description: 'a destination that never accepts and never stops',
    configSchema: z.record(z.string(), z.unknown()),
    createPublisher: (): Publisher => ({
      uri: 'custom://stuck',
      start: async () => {},
      publish: never,
      stop: never,
    }),
  });
  return registry;
}

const dag = (source: Record<string, unknown>, destination: Record<string, unknown>) => ({
  name: 'stuck',
  subscribers: [{ name: 'in', config: source }],
  publishers: [{ name: 'out', config: destination }],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
    { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
  ],
  edges: [{ from: 'src', to: 'sink' }],
});

async function timed(work: Promise<void>): Promise<number> {
  const started = Date.now();
  await work;
  return Date.now() - started;
}

describe('bounded stop', () => {
  it('forces adapters whose stop never resolves after the bound and records it on the nodes', async () => {
    const server = new DagServer({ registry: stuckRegistry(), adapterStopTimeoutMs: 200 });
    server.add(dag({ source: 'custom://stuck' }, { destination: 'custom://stuck' }));
    await server.start('stuck');
    expect(await timed(server.stop('stuck'))).toBeLessThan(2000);
    expect(server.runtime('stuck').state).toBe('stopped');
    const [src, sink] = server.details('stuck').nodes;
    expect(src?.errors.map((e) => e.message)).toContainEqual(
      expect.stringContaining('stop forced after 200 ms'),
    );
    expect(sink?.errors.map((e) => e.message)).toContainEqual(
      expect.stringContaining('stop forced after 200 ms'),
    );
    // It can start and stop again.
    await server.start('stuck');
    await server.stopAll();
    expect(server.runtime('stuck').state).toBe('stopped');
  });

  it('forces a destination that never accepts a message waiting in the DAG', async () => {
    const server = new DagServer({ registry: stuckRegistry(), adapterStopTimeoutMs: 200 });
    server.add(dag({ source: 'mem://queue/stuck_in' }, { destination: 'custom://stuck' }));
    await server.start('stuck');
    server.broker.queue('stuck_in').push({ a: 1 });
    await new Promise((r) => setTimeout(r, 50));
    expect(await timed(server.stop('stuck'))).toBeLessThan(2000);
    expect(server.details('stuck').nodes[1]?.errors.map((e) => e.message)).toContainEqual(
      expect.stringContaining('stop forced after 200 ms'),
    );
  });

  it('stops a DAG whose Redis is unreachable (closed port) quickly, with the default bound', async () => {
    const server = new DagServer();
    server.add(
      dag(
        { source: 'redis://list/unreachable', url: 'redis://127.0.0.1:1' },
        { destination: 'redis://list/unreachable_out', url: 'redis://127.0.0.1:1' },
      ),
    );
    await server.start('stuck');
    await new Promise((r) => setTimeout(r, 500));
    expect(await timed(server.stop('stuck'))).toBeLessThan(3000);
    expect(server.runtime('stuck').state).toBe('stopped');
  }, 15_000);

  it('stops a DAG whose Redis is unreachable while a message waits for it', async () => {
    const server = new DagServer();
    server.add(
      dag(
        { source: 'mem://queue/unreachable_in' },
        { destination: 'redis://list/unreachable_out', url: 'redis://127.0.0.1:1' },
      ),
    );
    await server.start('stuck');
    server.broker.queue('unreachable_in').push({ a: 1 });
    await new Promise((r) => setTimeout(r, 300));
    // The publish waiting for a connection ends with the stop, well before the 5 s bound.
    expect(await timed(server.stop('stuck'))).toBeLessThan(3000);
    expect(server.runtime('stuck').state).toBe('stopped');
  }, 20_000);

  it.each([
    [
      'Kafka',
      { source: 'kafka://topic/unreachable', brokers: ['127.0.0.1:1'] },
      { destination: 'kafka://topic/unreachable_out', brokers: ['127.0.0.1:1'] },
    ],
    [
      'STOMP',
      { source: 'stomp://queue/unreachable', url: 'stomp://127.0.0.1:1' },
      { destination: 'stomp://queue/unreachable_out', url: 'stomp://127.0.0.1:1' },
    ],
    ['SQL', { source: 'sql://dead' }, { destination: 'sql://dead' }],
  ])(
    'stops a DAG whose %s server is unreachable (closed port) within the default bound',
    async (_, source, destination) => {
      const server = new DagServer({
        connections: {
          sql: { dead: { url: 'postgres://flow@127.0.0.1:1/flow', table: 'orders' } },
        },
      });
      server.add(dag(source, destination));
      await server.start('stuck');
      await new Promise((r) => setTimeout(r, 500));
      expect(await timed(server.stop('stuck'))).toBeLessThan(7000);
      expect(server.runtime('stuck').state).toBe('stopped');
    },
    20_000,
  );
});
