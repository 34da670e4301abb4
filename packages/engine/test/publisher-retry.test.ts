import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ComponentRegistry,
  PayloadError,
  type CustomPublisherDefinition,
  type Message,
} from '../src/index';
import { fixture, idle, setup } from './helpers';

type Way = 'publish' | 'publishOne';

/**
 * A plugin publisher that refuses the first `failures` sends, then accepts everything; with
 * `publishOne`, it takes single messages that way too (the handle's path without a batch).
 */
function flakyPublisher(
  way: Way,
  failures: number,
  error: () => Error = () => new Error('connection refused'),
) {
  const published: Message[] = [];
  let attempts = 0;
  const definition: CustomPublisherDefinition = {
    kind: 'publisher',
    type: 'flaky',
    description: 'fails at first',
    configSchema: z.object({}),
    createPublisher: () => ({
      uri: 'custom://flaky',
      start: async () => {},
      publish: async (batch) => {
        attempts++;
        if (attempts <= failures) throw error();
        published.push(...batch);
      },
      ...(way === 'publishOne'
        ? {
            publishOne: async (message: Message) => {
              attempts++;
              if (attempts <= failures) throw error();
              published.push(message);
            },
          }
        : {}),
      stop: async () => {},
    }),
  };
  return { definition, published, attempts: () => attempts };
}

const config = {
  ...fixture('linear.json'),
  publishers: [{ name: 'out', config: { destination: 'custom://flaky' } }],
};

describe.each<Way>(['publish', 'publishOne'])('publisher retries through %s', (way) => {
  it('retries a failed send with backoff, keeps order, and shows the failure on the node', async () => {
    const flaky = flakyPublisher(way, 2);
    const registry = new ComponentRegistry();
    registry.register(flaky.definition);
    const { server, name, push } = setup(config, 'mem://queue/unused', { registry });
    await server.start(name);
    for (let i = 0; i < 5; i++) push({ a: i, b: 0 });
    const until = Date.now() + 5000;
    while (flaky.published.length < 5 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20));
    expect(flaky.published.map((m) => m.sum)).toEqual([0, 1, 2, 3, 4]);
    const sink = server.details(name).nodes.find((n) => n.name === 'sink');
    expect(sink?.errors[0]?.message).toMatch(/connection refused; retrying/);
    expect(sink?.publishers).toEqual([{ name: 'out', published: 5, failures: 2 }]);
    await server.stop(name);
  });

  it('does not retry messages the destination refuses as they are', async () => {
    const flaky = flakyPublisher(way, 1, () => new PayloadError('unknown column "sum"'));
    const registry = new ComponentRegistry();
    registry.register(flaky.definition);
    const { server, name, push } = setup(config, 'mem://queue/unused', { registry });
    await server.start(name);
    push({ a: 1, b: 1 });
    push({ a: 2, b: 2 });
    await idle(server, name);
    expect(flaky.published).toEqual([{ sum: 4 }]);
    expect(flaky.attempts()).toBe(2);
    const sink = server.details(name).nodes.find((n) => n.name === 'sink');
    expect(sink?.errors.map((e) => e.message)).toEqual([
      expect.stringContaining('unknown column "sum"'),
    ]);
    await server.stop(name);
  });
});
