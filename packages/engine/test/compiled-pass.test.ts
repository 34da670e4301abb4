import { describe, expect, it } from 'vitest';
import { collect, DagServer, systemClock, type Message } from '../src/index';
import { explosiveRegistry, fixture, idle } from './helpers';

/**
 * Every source's pass is compiled into code of its own (runtime/compiled-pass.ts) unless the
 * server is told otherwise. These tests run the same DAGs and messages through a server with
 * compiled passes and one with the generic pass, and expect the same of both: what reached the
 * publishers and every node's input, output, counts and issues.
 */

// One fixed instant for both servers, so that issue times and last compute times compare.
const clock = { ...systemClock, now: () => Date.UTC(2026, 11, 1, 12) };

async function run(
  config: Record<string, unknown>,
  feed: readonly (readonly [queue: string, message: Message])[],
  compiledPasses: boolean,
) {
  const server = new DagServer({ registry: explosiveRegistry(), compiledPasses, clock });
  const { name } = server.add(config);
  const output = collect(server.broker, 'mem://queue/out');
  await server.start(name);
  for (const [queue, message] of feed) {
    server.broker.queue(queue).push(message);
    // One message per pass, so that both see the same sequence of latest values.
    await idle(server, name);
  }
  const nodes = server.details(name).nodes.map((n) => ({
    name: n.name,
    input: n.input,
    output: n.output,
    dirty: n.dirty,
    computeCount: n.computeCount,
    errorCount: n.errorCount,
    warningCount: n.warningCount,
    // Warnings are stamped with the wall clock (RuntimeNode.warn), not the server's clock.
    errors: n.errors.map(({ time: _time, ...issue }) => issue),
    lastComputeAt: n.lastComputeAt,
  }));
  await server.stopAll();
  return { output: output.messages, nodes };
}

async function expectSameBothWays(
  config: Record<string, unknown>,
  feed: readonly (readonly [string, Message])[],
) {
  const compiled = await run(config, feed, true);
  const generic = await run(config, feed, false);
  expect(compiled.output.length).toBeGreaterThan(0);
  expect(compiled).toEqual(generic);
  return compiled;
}

const chain = {
  name: 'chain',
  subscribers: [
    { name: 'in', config: { source: 'mem://queue/in' } },
    { name: 'side', config: { source: 'mem://queue/side' } },
  ],
  publishers: [{ name: 'out', config: { destination: 'mem://queue/out' } }],
  calculators: [
    { name: 'explode', type: 'ExplodeCalculator', config: {} },
    {
      name: 'add',
      type: 'AdditionCalculator',
      config: { arguments: ['a', 'b'], output_attribute: 'sum' },
    },
  ],
  transformers: [
    { name: 'defaults', type: 'ApplyDefaultsDataTransformer', config: { defaults: { b: 100 } } },
    {
      name: 'no_id',
      type: 'AttributeFilterAwayDataTransformer',
      config: { filter_attributes: ['id'] },
    },
  ],
  nodes: [
    { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
    { name: 'other', type: 'SubscriptionNode', config: { subscriber: 'side' } },
    { name: 'guard', type: 'CalculationNode', config: { calculator: 'explode' } },
    {
      name: 'sum',
      type: 'CalculationNode',
      config: { calculator: 'add', input_transformers: ['defaults'], output_transformers: [] },
    },
    { name: 'join', type: 'CalculationNode', config: { output_transformers: ['no_id'] } },
    { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
  ],
  edges: [
    { from: 'src', to: 'guard' },
    { from: 'guard', to: 'sum' },
    { from: 'sum', to: 'join' },
    { from: 'other', to: 'join', transformer: 'defaults' },
    { from: 'join', to: 'sink' },
  ],
};

describe('compiled compute passes', () => {
  it('match the generic pass on a chain, a diamond and transformers', async () => {
    const messages: [string, Message][] = [
      ['in', { a: 1, b: 2, tag: 'x', id: 1 }],
      ['in', { a: 1, b: 2, tag: 'x', id: 1 }],
      ['in', { a: 5, b: 'seven', tag: 'y', id: 2, secret: 's' }],
    ];
    for (const name of ['linear.json', 'diamond.json', 'transformers.json'])
      await expectSameBothWays(fixture(name), messages);
  });

  it('match it on errors, warnings, merges of two sources and transformers on nodes and edges', async () => {
    const result = await expectSameBothWays(chain, [
      ['in', { a: 1, b: 2, id: 1 }],
      ['side', { c: 3 }],
      ['in', { a: 2, boom: true, id: 2 }],
      ['in', { a: 3, b: 'x', id: 3 }],
      ['side', { c: 4, b: 1 }],
    ]);
    // What a user sees: the bad message is an error on its node with its input, the DAG went on.
    const guard = result.nodes.find((n) => n.name === 'guard');
    expect(guard?.errors.map((e) => e.message)).toEqual(['boom on message 2']);
    expect(guard?.errors[0]?.input).toEqual({ a: 2, boom: true, id: 2 });
    expect(result.nodes.find((n) => n.name === 'sum')?.warningCount).toBe(1);
    expect(result.output.at(-1)).toEqual({ sum: 3, c: 4, b: 1 });
  });

  it('leave a source with a pass too long to compile on the generic pass, computing the same', async () => {
    const length = 200;
    const long = {
      name: 'long',
      subscribers: [{ name: 'in', config: { source: 'mem://queue/in' } }],
      publishers: [{ name: 'out', config: { destination: 'mem://queue/out' } }],
      calculators: [{ name: 'copy', type: 'NullCalculator', config: {} }],
      nodes: [
        { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
        ...Array.from({ length }, (_, i) => ({
          name: `step${i}`,
          type: 'CalculationNode',
          config: { calculator: 'copy' },
        })),
        { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
      ],
      edges: [
        { from: 'src', to: 'step0' },
        ...Array.from({ length: length - 1 }, (_, i) => ({ from: `step${i}`, to: `step${i + 1}` })),
        { from: `step${length - 1}`, to: 'sink' },
      ],
    };
    const result = await expectSameBothWays(long, [
      ['in', { a: 1 }],
      ['in', { a: 2 }],
    ]);
    expect(result.output).toEqual([{ a: 1 }, { a: 2 }]);
    const server = new DagServer({ registry: explosiveRegistry() });
    server.add(long);
    server.add({ ...chain, name: 'short' });
    await server.start('long');
    await server.start('short');
    expect(server.runtime('long').nodes[0]?.pass).toBeUndefined();
    expect(server.runtime('short').nodes[0]?.pass).toBeTypeOf('function');
    await server.stopAll();
  });
});
