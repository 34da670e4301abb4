import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  collect,
  ComponentRegistry,
  DagServer,
  defineCalculator,
  systemClock,
  type Message,
} from '../src/index';
import { loadPlugins } from '../src/components/plugins';
import { explosiveRegistry, idle, until } from './helpers';

/**
 * The node forms of the original system (issue 15) as the engine runs them, in both formats:
 * `pname` at the merge, a source that computes and publishes, PublisherSinkNode and SinkNode,
 * the change-only default of the original's files, and plugin aliases of its dotted types.
 * Each DAG runs with compiled passes and with the generic pass, and both must agree.
 */

const clock = { ...systemClock, now: () => Date.UTC(2026, 11, 1, 12) };

type Feed = readonly (readonly [queue: string, message: Message])[];

/** Runs a DAG on a feed, one message per pass; what reached each collected queue, and the nodes. */
async function run(
  config: Record<string, unknown>,
  feed: Feed,
  options: { compiledPasses?: boolean; queues?: readonly string[] } = {},
) {
  const server = new DagServer({
    registry: explosiveRegistry(),
    compiledPasses: options.compiledPasses ?? true,
    clock,
  });
  const { name } = server.add(config);
  const queues = options.queues ?? ['out'];
  const outputs = queues.map((q) => collect(server.broker, `mem://queue/${q}`).messages);
  await server.start(name);
  for (const [queue, message] of feed) {
    server.broker.queue(queue).push(message);
    await idle(server, name);
  }
  const nodes = Object.fromEntries(
    server
      .details(name)
      .nodes.map((n) => [
        n.name,
        { output: n.output, computeCount: n.computeCount, errors: n.errors.map((e) => e.message) },
      ]),
  );
  await server.stopAll();
  return { out: outputs[0] ?? [], outputs, nodes };
}

/** The same run with compiled passes and with the generic pass: they must agree. */
async function runBothWays(
  config: Record<string, unknown>,
  feed: Feed,
  queues?: readonly string[],
) {
  const compiled = await run(config, feed, { compiledPasses: true, ...(queues && { queues }) });
  const generic = await run(config, feed, { compiledPasses: false, ...(queues && { queues }) });
  expect(compiled).toEqual(generic);
  return compiled;
}

const subscribers = [
  { name: 'left_in', config: { source: 'mem://queue/left' } },
  { name: 'right_in', config: { source: 'mem://queue/right' } },
];
const out = [{ name: 'out', config: { destination: 'mem://queue/out' } }];

/** Two sources joined in the original format, nested under `L` and `R` at the merge. */
const originalJoin = {
  name: 'join',
  propagate: 'every',
  subscribers,
  publishers: out,
  nodes: [
    { name: 'left', type: 'SubscriptionNode', subscriber: 'left_in', config: {} },
    { name: 'right', type: 'SubscriptionNode', subscriber: 'right_in', config: {} },
    { name: 'both', type: 'CalculationNode', config: {} },
    { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
  ],
  edges: [
    { from_node: 'left', to_node: 'both', pname: 'L' },
    { from_node: 'right', to_node: 'both', pname: 'R' },
    { from_node: 'both', to_node: 'sink' },
  ],
};

describe('pname', () => {
  it('nests each parent under its key at the merge: {"L": ..., "R": ...}', async () => {
    const { out } = await runBothWays(originalJoin, [
      ['left', { price: 10 }],
      ['right', { price: 12 }],
      ['left', { price: 11 }],
    ]);
    expect(out).toEqual([
      { L: { price: 10 } },
      { L: { price: 10 }, R: { price: 12 } },
      { L: { price: 11 }, R: { price: 12 } },
    ]);
  });

  it('works the same in our format, next to an edge without pname', async () => {
    const ours = {
      name: 'join',
      subscribers,
      publishers: out,
      nodes: [
        { name: 'left', type: 'SubscriptionNode', config: { subscriber: 'left_in' } },
        { name: 'right', type: 'SubscriptionNode', config: { subscriber: 'right_in' } },
        { name: 'both', type: 'CalculationNode', config: {} },
        { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
      ],
      edges: [
        { from: 'left', to: 'both', pname: 'L' },
        { from: 'right', to: 'both' },
        { from: 'both', to: 'sink' },
      ],
    };
    const { out: messages } = await runBothWays(ours, [
      ['left', { price: 10 }],
      ['right', { price: 12, L: 'flat' }],
      ['left', { price: 11 }],
    ]);
    // Edges merge in their order: the plain edge's own `L` replaces the nested one.
    expect(messages).toEqual([
      { L: { price: 10 } },
      { L: 'flat', price: 12 },
      { L: 'flat', price: 12 },
    ]);
  });

  it('nests the output of a sole parent too; an empty output adds no key', async () => {
    const single = {
      ...originalJoin,
      edges: [
        { from_node: 'left', to_node: 'both', pname: 'P' },
        { from_node: 'both', to_node: 'sink' },
      ],
    };
    const { out } = await runBothWays(single, [
      ['left', { a: 1 }],
      ['left', {}],
    ]);
    expect(out).toEqual([{ P: { a: 1 } }, {}]);
  });
});

/** A source in the original format that adds a + b, publishes the sum and passes it on. */
function computingSource(type: 'AdditionCalculator' | 'ExplodeCalculator' = 'AdditionCalculator') {
  return {
    name: 'compute_at_source',
    propagate: 'every',
    subscribers: [subscribers[0]],
    publishers: [...out, { name: 'child', config: { destination: 'mem://queue/child' } }],
    calculators: [
      {
        name: 'add',
        type,
        config:
          type === 'AdditionCalculator' ? { arguments: ['a', 'b'], output_attribute: 'sum' } : {},
      },
      {
        name: 'twice',
        type: 'MultiplicationCalculator',
        config: { arguments: ['sum', 'k'], output_attribute: 'twice' },
      },
    ],
    transformers: [
      { name: 'k', type: 'ApplyDefaultsDataTransformer', config: { defaults: { k: 2 } } },
    ],
    nodes: [
      {
        name: 'src',
        type: 'SubscriptionNode',
        subscriber: 'left_in',
        calculator: 'add',
        output_transformers: ['k'],
        publishers: ['out'],
        config: {},
      },
      { name: 'double', type: 'CalculationNode', calculator: 'twice', config: {} },
      { name: 'sink', type: 'PublicationNode', publishers: ['child'], config: {} },
    ],
    edges: [
      { from_node: 'src', to_node: 'double' },
      { from_node: 'double', to_node: 'sink' },
    ],
  };
}

describe('a source that computes, then publishes', () => {
  it('publishes what it computed and its children get it', async () => {
    const { outputs, nodes } = await runBothWays(
      computingSource(),
      [
        ['left', { a: 1, b: 2 }],
        ['left', { a: '5', b: 3 }],
      ],
      ['out', 'child'],
    );
    // The calculators answer with their output attribute alone, as the original's do.
    expect(outputs[0]).toEqual([
      { sum: 3, k: 2 },
      { sum: 8, k: 2 },
    ]);
    expect(outputs[1]).toEqual([{ twice: 6 }, { twice: 16 }]);
    expect(nodes.src).toMatchObject({ output: { sum: 8 }, computeCount: 2 });
  });

  it('that fails records the error on the source and sends nothing on', async () => {
    const { outputs, nodes } = await runBothWays(
      computingSource('ExplodeCalculator'),
      [
        ['left', { id: 1, a: 1 }],
        ['left', { id: 2, boom: true }],
      ],
      ['out', 'child'],
    );
    expect(outputs[0]).toEqual([{ id: 1, a: 1, k: 2 }]);
    expect(outputs[1]).toHaveLength(1);
    expect(nodes.src?.errors).toEqual(['boom on message 2']);
    expect(nodes.double?.computeCount).toBe(1);
  });

  it('a MetronomeNode computes and publishes on every tick', async () => {
    const server = new DagServer();
    const { name } = server.add({
      name: 'beat',
      publishers: out,
      calculators: [
        {
          name: 'enrich',
          type: 'ApplyDefaultsCalculator',
          config: { defaults: { status: 'healthy' } },
        },
      ],
      nodes: [
        {
          name: 'tick',
          type: 'MetronomeNode',
          config: { interval: 0.02 },
          calculator: 'enrich',
          publishers: ['out'],
        },
      ],
    });
    const messages = collect(server.broker, 'mem://queue/out').messages;
    await server.start(name);
    try {
      await until(() => messages.length >= 3);
    } finally {
      await server.stopAll();
    }
    // The original's MetronomeNode: its tick count from 0 (it ticks as it starts), no time.
    expect(messages.slice(0, 3)).toEqual([
      { metronome_tick: 0, status: 'healthy' },
      { metronome_tick: 1, status: 'healthy' },
      { metronome_tick: 2, status: 'healthy' },
    ]);
  });
});

describe('PublisherSinkNode', () => {
  const fan = (propagate: string) => ({
    name: 'fan',
    propagate,
    subscribers,
    publishers: out,
    transformers: [
      {
        name: 'no_id',
        type: 'AttributeFilterAwayDataTransformer',
        config: { filter_attributes: ['id'] },
      },
    ],
    nodes: [
      { name: 'left', type: 'SubscriptionNode', config: { subscriber: 'left_in' } },
      { name: 'right', type: 'SubscriptionNode', config: { subscriber: 'right_in' } },
      { name: 'each', type: 'PublisherSinkNode', config: { publishers: ['out'] } },
    ],
    edges: [
      { from: 'left', to: 'each' },
      { from: 'right', to: 'each', transformer: 'no_id' },
    ],
  });
  const feed: Feed = [
    ['left', { a: 1 }],
    ['right', { id: 1, b: 1 }],
    ['left', { a: 1 }],
    ['right', { id: 2, b: 1 }],
    ['right', { id: 3, b: 2 }],
    ['left', { a: 2 }],
  ];

  it("publishes each edge's data on its own, only when that edge's data changed", async () => {
    for (const propagate of ['every', 'changes']) {
      const { out, nodes } = await runBothWays(fan(propagate), feed);
      expect(out).toEqual([{ a: 1 }, { b: 1 }, { b: 2 }, { a: 2 }]);
      expect(nodes.each?.computeCount).toBe(4);
    }
  });
});

describe('SinkNode', () => {
  it('computes nothing; its siblings run as before', async () => {
    const config = {
      name: 'ends',
      subscribers: [subscribers[0]],
      publishers: out,
      nodes: [
        { name: 'src', type: 'SubscriptionNode', subscriber: 'left_in', config: {} },
        { name: 'end', type: 'SinkNode', config: {} },
        { name: 'pub', type: 'PublicationNode', publishers: ['out'], config: {} },
      ],
      edges: [
        { from_node: 'src', to_node: 'end' },
        { from_node: 'src', to_node: 'pub' },
      ],
    };
    const { out: messages, nodes } = await runBothWays(config, [['left', { a: 1 }]]);
    expect(messages).toEqual([{ a: 1 }]);
    expect(nodes.end).toEqual({ output: undefined, computeCount: 0, errors: [] });
  });
});

describe('a file of the original format without propagate', () => {
  /** Adds a + b and keeps only the sum: a new message with the same sum has the same output. */
  const sums = (patch: Record<string, unknown>) => ({
    name: 'sums',
    subscribers: [subscribers[0]],
    publishers: out,
    calculators: [
      {
        name: 'add',
        type: 'core.calculator.core_calculator.AdditionCalculator',
        config: { arguments: ['a', 'b'], output_attribute: 'sum' },
      },
    ],
    transformers: [
      {
        name: 'only_sum',
        type: 'AttributeFilterDataTransformer',
        config: { keep_attributes: ['sum'] },
      },
    ],
    nodes: [
      { name: 'src', type: 'SubscriptionNode', subscriber: 'left_in', config: {} },
      {
        name: 'adder',
        type: 'CalculationNode',
        calculator: 'add',
        output_transformers: ['only_sum'],
        config: {},
      },
      { name: 'pub', type: 'PublicationNode', publishers: ['out'], config: {} },
    ],
    edges: [
      { from_node: 'src', to_node: 'adder' },
      { from_node: 'adder', to_node: 'pub' },
    ],
    ...patch,
  });
  const feed: Feed = [
    ['left', { a: 1, b: 2 }],
    ['left', { a: 1, b: 2 }],
    ['left', { a: 2, b: 1 }],
    ['left', { a: 2, b: 2 }],
  ];

  it('recomputes only on a changed input and passes on only a changed output', async () => {
    const { out, nodes } = await run(sums({}), feed);
    expect(out).toEqual([{ sum: 3 }, { sum: 4 }]);
    // The repeated message is not computed; {a: 2, b: 1} is, but its sum did not change.
    expect(nodes.adder?.computeCount).toBe(3);
  });

  it('propagates every message when it says "every", as ours does by default', async () => {
    const { out } = await run(sums({ propagate: 'every' }), feed);
    expect(out).toEqual([{ sum: 3 }, { sum: 3 }, { sum: 3 }, { sum: 4 }]);
  });
});

describe('a plugin with aliases', () => {
  const scale = defineCalculator({
    type: 'ScaleCalculator',
    description: 'multiplies x by factor',
    configSchema: z.strictObject({ factor: z.number() }),
    aliases: ['acme.pricing.ScaleCalculator'],
    create: ({ factor }) => ({
      compute: (input: Message) => ({ ...input, x: Number(input.x) * factor }),
    }),
  });
  const dag = {
    name: 'aliased',
    subscribers: [subscribers[0]],
    publishers: out,
    calculators: [{ name: 'scale', type: 'acme.pricing.ScaleCalculator', config: { factor: 3 } }],
    nodes: [
      { name: 'src', type: 'SubscriptionNode', subscriber: 'left_in', config: {} },
      { name: 'calc', type: 'CalculationNode', calculator: 'scale', config: {} },
      { name: 'pub', type: 'PublicationNode', publishers: ['out'], config: {} },
    ],
    edges: [
      { from_node: 'src', to_node: 'calc' },
      { from_node: 'calc', to_node: 'pub' },
    ],
  };

  it('runs an original file naming the alias with the plugin', async () => {
    const registry = new ComponentRegistry();
    registry.register(scale);
    const result = registry.validate(dag);
    expect(result.ok && result.dag.calculators[0]?.type).toBe('ScaleCalculator');
    const server = new DagServer({ registry });
    const { name } = server.add(dag);
    const messages = collect(server.broker, 'mem://queue/out').messages;
    await server.start(name);
    server.broker.queue('left').push({ x: 2 });
    await idle(server, name);
    await server.stopAll();
    expect(messages).toEqual([{ x: 6 }]);
  });

  it('is refused when another plugin has it already', () => {
    const registry = new ComponentRegistry();
    registry.register(scale);
    expect(() =>
      registry.register({
        ...scale,
        type: 'OtherScale',
        aliases: ['acme.pricing.ScaleCalculator'],
      }),
    ).toThrow(
      'alias "acme.pricing.ScaleCalculator" already names the calculator "ScaleCalculator"',
    );
  });

  it("is refused when it is a built-in's dotted path of the original, which the built-in keeps", () => {
    const registry = new ComponentRegistry();
    expect(() =>
      registry.register({
        ...scale,
        type: 'MyAddition',
        aliases: ['core.calculator.core_calculator.AdditionCalculator'],
      }),
    ).toThrow(
      'alias "core.calculator.core_calculator.AdditionCalculator" already names the calculator "AdditionCalculator"',
    );
  });

  it('is refused in a plugin module unless each is a dotted type name', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const folder = await mkdtemp(join(tmpdir(), 'flow-alias-'));
    const plugin = (type: string, aliases: unknown) =>
      `export default ({ z }) => ({ kind: 'calculator', type: '${type}', aliases: ${JSON.stringify(aliases)}, ` +
      `configSchema: z.strictObject({}), create: () => ({ compute: (m) => m }) });\n`;
    await writeFile(join(folder, 'a.mjs'), plugin('GoodOne', ['pkg.mod.GoodOne']));
    await writeFile(join(folder, 'b.mjs'), plugin('BadOne', ['NotDotted']));
    const registry = new ComponentRegistry();
    const report = await loadPlugins(folder, registry);
    expect(report.loaded.map((l) => l.type)).toEqual(['GoodOne']);
    expect(report.failed).toEqual([
      {
        file: 'b.mjs',
        error: expect.stringContaining('alias "NotDotted" is not a dotted type name') as string,
      },
    ]);
    expect(registry.catalog().aliases?.calculators).toEqual({ 'pkg.mod.GoodOne': 'GoodOne' });
  });
});
