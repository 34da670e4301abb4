import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ComponentRegistry,
  ManualClock,
  type Ack,
  type CustomSubscriberDefinition,
  type Message,
  type SubscriberSink,
} from '../src/index';
import { fixture, idle, setup } from './helpers';

const withSource = (source: string, maxDepth: number) => ({
  ...fixture('linear.json'),
  subscribers: [{ name: 'in', config: { source, max_depth: maxDepth } }],
});

const withPublisher = (config: Record<string, unknown>) => ({
  ...fixture('linear.json'),
  publishers: [{ name: 'out', config: { destination: 'mem://queue/out', ...config } }],
});

describe('backpressure', () => {
  it('pauses a queue source when the node queue is full and resumes it, losing nothing', async () => {
    const { server, name, output, push } = setup(withSource('mem://queue/in', 5));
    await server.start(name);
    for (let i = 0; i < 100; i++) push({ a: i, b: 0 });
    // Nothing was computed yet (that happens on the next turn): the node holds 5, the source keeps 95.
    expect(server.details(name).nodes[0]?.queue).toMatchObject({ depth: 5, maxDepth: 5, drops: 0 });
    expect(server.broker.queue('in').depth).toBe(95);
    await idle(server, name);
    expect(output.map((m) => m.sum)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(server.broker.queue('in').depth).toBe(0);
    await server.stop(name);
  });

  it('drops the oldest message of a push-only source when full, and counts the drops', async () => {
    const { server, name, output } = setup(withSource('mem://topic/in', 5));
    await server.start(name);
    for (let i = 0; i < 20; i++) server.broker.topic('in').push({ a: i, b: 0 });
    expect(server.details(name).nodes[0]?.queue).toMatchObject({ depth: 5, drops: 15 });
    await idle(server, name);
    expect(output.map((m) => m.sum)).toEqual([15, 16, 17, 18, 19]);
    expect(server.details(name).nodes[0]?.queue?.drops).toBe(15);
    await server.stop(name);
  });
});

describe('batching publishers', () => {
  it('publishes full batches of batch_size', async () => {
    const { server, name, output, push } = setup(withPublisher({ batch_size: 3 }));
    await server.start(name);
    push({ a: 1, b: 1 });
    push({ a: 2, b: 2 });
    await idle(server, name);
    expect(output).toEqual([]);
    push({ a: 3, b: 3 });
    await idle(server, name);
    expect(output).toEqual([{ sum: 2 }, { sum: 4 }, { sum: 6 }]);
    await server.stop(name);
  });

  it('flushes a partial batch every publish_interval seconds', async () => {
    const clock = new ManualClock('2026-01-05T12:00:00Z');
    const { server, name, output, push } = setup(
      withPublisher({ batch_size: 100, publish_interval: 2 }),
      'mem://queue/out',
      { clock },
    );
    await server.start(name);
    push({ a: 1, b: 1 });
    push({ a: 2, b: 2 });
    await idle(server, name);
    clock.advance(1999);
    expect(output).toEqual([]);
    clock.advance(1);
    expect(output).toEqual([{ sum: 2 }, { sum: 4 }]);
    await server.stop(name);
  });

  it('flushes what is batched when the DAG stops', async () => {
    const { server, name, output, push } = setup(withPublisher({ batch_size: 100 }));
    await server.start(name);
    for (let i = 0; i < 5; i++) push({ a: i, b: 0 });
    await idle(server, name);
    expect(output).toEqual([]);
    await server.stop(name);
    expect(output.map((m) => m.sum)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('acknowledgement', () => {
  /** A subscriber plugin whose messages carry acks, recording which were acknowledged. */
  function ackingSource() {
    const acked: number[] = [];
    let sink: SubscriberSink | undefined;
    const definition: CustomSubscriberDefinition = {
      kind: 'subscriber',
      type: 'acking',
      description: 'test source with acknowledgements',
      configSchema: z.object({}),
      createSubscriber: () => ({
        uri: 'custom://acking',
        flowControl: 'pause',
        start: async (s) => {
          sink = s;
        },
        pause() {},
        resume() {},
        stop: async () => {},
      }),
    };
    const send = (id: number, message: Message) => {
      const ack: Ack = () => acked.push(id);
      sink?.deliver(message, ack);
    };
    return { definition, acked, send };
  }

  it('acknowledges a message only once the batching publisher it reached has published it', async () => {
    const source = ackingSource();
    const registry = new ComponentRegistry();
    registry.register(source.definition);
    const config = {
      ...withPublisher({ batch_size: 2 }),
      subscribers: [{ name: 'in', config: { source: 'custom://acking' } }],
    };
    const { server, name, output } = setup(config, 'mem://queue/out', { registry });
    await server.start(name);
    source.send(1, { a: 1, b: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(output).toEqual([]);
    expect(source.acked).toEqual([]);
    source.send(2, { a: 2, b: 2 });
    await idle(server, name);
    expect(output).toHaveLength(2);
    expect(source.acked).toEqual([1, 2]);
    await server.stop(name);
  });

  it('acknowledges at once when every publisher accepted the message synchronously', async () => {
    const source = ackingSource();
    const registry = new ComponentRegistry();
    registry.register(source.definition);
    const config = {
      ...fixture('linear.json'),
      subscribers: [{ name: 'in', config: { source: 'custom://acking' } }],
    };
    const { server, name } = setup(config, 'mem://queue/out', { registry });
    await server.start(name);
    source.send(1, { a: 1, b: 2 });
    await idle(server, name);
    expect(source.acked).toEqual([1]);
    await server.stop(name);
  });
});
