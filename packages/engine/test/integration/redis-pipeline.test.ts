import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DagServer } from '../../src/index';
import { eventually } from './contract';
import { restartService } from './restart';
import { requireService, services, unique } from './services';

let redis: Redis;
beforeAll(async () => {
  await requireService('Redis', services.redis);
  redis = new Redis(services.redis, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  await redis.quit();
});

function pipeline(name: string, input: string, output: string) {
  return {
    name,
    subscribers: [{ name: 'in', config: { source: `redis://list/${input}`, max_depth: 100 } }],
    publishers: [
      {
        name: 'out',
        config: { destination: `redis://list/${output}`, batch_size: 50, publish_interval: 0.05 },
      },
    ],
    calculators: [
      {
        name: 'add',
        type: 'AdditionCalculator',
        config: { arguments: ['a', 'b'], output_attribute: 'sum' },
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
      { name: 'id', type: 'CalculationNode', config: {} },
      { name: 'join', type: 'CalculationNode', config: {} },
      { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
    ],
    edges: [
      { from: 'src', to: 'calc' },
      { from: 'src', to: 'id', transformer: 'keep_id' },
      { from: 'id', to: 'join' },
      { from: 'calc', to: 'join' },
      { from: 'join', to: 'sink' },
    ],
  };
}

describe('Redis list pipeline', () => {
  it('recovers by itself when Redis restarts midway, and loses nothing', async () => {
    const input = unique('in');
    const output = unique('out');
    const count = 20_000;
    const server = new DagServer({ connections: { redis: { default: { url: services.redis } } } });
    server.add(pipeline('redis_restart', input, output));
    for (let i = 0; i < count; i += 500) {
      await redis.lpush(
        input,
        ...Array.from({ length: 500 }, (_, j) => JSON.stringify({ id: i + j, a: i + j, b: 1 })),
      );
    }
    await server.start('redis_restart');
    await eventually(
      () => server.details('redis_restart').nodes[0]!.computeCount > 2000,
      'the pipeline to get going',
    );
    await restartService('redis');
    const deadline = Date.now() + 60_000;
    let received: { id: number; sum: number }[] = [];
    while (Date.now() < deadline) {
      received = (await redis.lrange(output, 0, -1)).map(
        (raw) => JSON.parse(raw) as { id: number; sum: number },
      );
      if (new Set(received.map((m) => m.id)).size === count) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const ids = new Set(received.map((m) => m.id));
    const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !ids.has(i));
    console.log(
      `redis restart: ${count} sent, ${received.length} received, ${received.length - ids.size} duplicates`,
    );
    expect(missing).toEqual([]);
    expect(received.every((m) => m.sum === m.id + 1)).toBe(true);
    const src = server.details('redis_restart').nodes[0]!;
    // The outage is shown on the node: the client's last error (refused, reset when Redis was
    // killed under it, closed) or its own "lost connection".
    expect(
      src.errors.some((e) =>
        /connection|ECONNREFUSED|ECONNRESET|EPIPE|closed|reconnect/i.test(e.message),
      ),
      JSON.stringify(src.errors.map((e) => e.message)),
    ).toBe(true);
    expect(server.runtime('redis_restart').state).toBe('running');
    await server.stop('redis_restart');
    expect(await redis.llen(`${input}:processing:redis_restart_in`)).toBe(0);
  }, 120_000);
});
