import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinCatalog, validateDag, type ComponentCatalog } from './validate';

/** A join in the original format: two sources nested under `L` and `R` at the merge. */
function originalJoin(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'join',
    subscribers: [
      { name: 'left_in', config: { source: 'mem://queue/left' } },
      { name: 'right_in', config: { source: 'mem://queue/right' } },
    ],
    publishers: [{ name: 'out', config: { destination: 'mem://queue/out' } }],
    calculators: [],
    transformers: [],
    nodes: [
      { name: 'left', type: 'SubscriptionNode', subscriber: 'left_in', config: {} },
      { name: 'right', type: 'SubscriptionNode', subscriber: 'right_in', config: {} },
      { name: 'both', type: 'CalculationNode', config: {} },
      { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
    ],
    edges: [
      { from_node: 'left', to_node: 'both', pname: 'L' },
      { from_node: 'right', to_node: 'both', pname: ' R ' },
      { from_node: 'both', to_node: 'sink' },
    ],
    ...patch,
  };
}

/** The same join in our format. */
function oursJoin(edges: unknown[]): Record<string, unknown> {
  return {
    name: 'join',
    subscribers: [
      { name: 'left_in', config: { source: 'mem://queue/left' } },
      { name: 'right_in', config: { source: 'mem://queue/right' } },
    ],
    publishers: [{ name: 'out', config: { destination: 'mem://queue/out' } }],
    nodes: [
      { name: 'left', type: 'SubscriptionNode', config: { subscriber: 'left_in' } },
      { name: 'right', type: 'SubscriptionNode', config: { subscriber: 'right_in' } },
      { name: 'both', type: 'CalculationNode', config: {} },
      { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
    ],
    edges,
  };
}

const problemsOf = (value: unknown) => {
  const result = validateDag(value);
  return result.ok ? [] : result.problems.map((p) => [p.path, p.code, p.message]);
};

describe('pname on an edge', () => {
  it('is kept from the original format, spaces around it stripped', () => {
    const result = validateDag(originalJoin());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dag.edges).toEqual([
      { from: 'left', to: 'both', pname: 'L' },
      { from: 'right', to: 'both', pname: 'R' },
      { from: 'both', to: 'sink' },
    ]);
  });

  it('of only spaces is none, as in the original, with a warning at its place', () => {
    const result = validateDag(
      originalJoin({
        edges: [
          { from_node: 'left', to_node: 'both', pname: '  ' },
          { from_node: 'right', to_node: 'both', pname: '' },
          { from_node: 'both', to_node: 'sink' },
        ],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dag.edges.map((e) => e.pname)).toEqual([undefined, undefined, undefined]);
    expect(result.warnings?.map((w) => w.path)).toEqual(['$.edges[0].pname']);
  });

  it('is accepted in our format', () => {
    const result = validateDag(
      oursJoin([
        { from: 'left', to: 'both', pname: 'L' },
        { from: 'right', to: 'both', pname: 'R' },
        { from: 'both', to: 'sink' },
      ]),
    );
    expect(result.ok).toBe(true);
  });

  it('may not be shared by two edges into one node: one problem naming both edges', () => {
    const edges = [
      { from: 'left', to: 'both', pname: 'L' },
      { from: 'right', to: 'both', pname: 'L' },
      { from: 'both', to: 'sink' },
    ];
    expect(problemsOf(oursJoin(edges))).toEqual([
      [
        '$.edges[1].pname',
        'duplicate_pname',
        'edges[0] (left -> both) and edges[1] (right -> both) both have pname "L": each edge into a node needs its own pname',
      ],
    ]);
    // The original's file, at its own paths (the spaces are stripped before comparing).
    const original = originalJoin({
      edges: [
        { from_node: 'left', to_node: 'both', pname: 'L' },
        { from_node: 'right', to_node: 'both', pname: 'L ' },
        { from_node: 'both', to_node: 'sink' },
      ],
    });
    expect(problemsOf(original).map(([path, code]) => [path, code])).toEqual([
      ['$.edges[1].pname', 'duplicate_pname'],
    ]);
  });

  it('may be the same on edges into different nodes', () => {
    const config = oursJoin([
      { from: 'left', to: 'both', pname: 'L' },
      { from: 'both', to: 'sink', pname: 'L' },
    ]);
    expect(problemsOf(config)).toEqual([]);
  });

  it('must be a key: not empty, no spaces around it, not __proto__, not too long', () => {
    const bad = ['', ' L', '__proto__', 'k'.repeat(257), 7];
    for (const pname of bad) {
      const problems = problemsOf(
        oursJoin([
          { from: 'left', to: 'both', pname },
          { from: 'both', to: 'sink' },
        ]),
      );
      expect(problems.map(([path]) => path)).toEqual(['$.edges[0].pname']);
    }
    // From the original format too: `__proto__` cannot be nested under.
    const original = originalJoin({
      edges: [
        { from_node: 'left', to_node: 'both', pname: '__proto__' },
        { from_node: 'both', to_node: 'sink' },
      ],
    });
    expect(problemsOf(original).map(([path]) => path)).toEqual(['$.edges[0].pname']);
  });
});

describe('a source node that computes and publishes', () => {
  const calculators = [
    {
      name: 'add',
      type: 'AdditionCalculator',
      config: { arguments: ['a', 'b'], output_attribute: 'sum' },
    },
  ];
  const transformers = [
    { name: 'keep', type: 'AttributeFilterDataTransformer', config: { keep_attributes: ['sum'] } },
  ];

  it('is accepted in the original format, its components in its config', () => {
    const result = validateDag(
      originalJoin({
        calculators,
        transformers,
        nodes: [
          {
            name: 'left',
            type: 'SubscriptionNode',
            subscriber: 'left_in',
            calculator: 'add',
            output_transformers: ['keep'],
            publishers: ['out'],
            config: {},
          },
          {
            name: 'tick',
            type: 'MetronomeNode',
            calculator: 'add',
            publishers: ['out'],
            config: { interval: 2 },
          },
          { name: 'end', type: 'SinkNode', config: {} },
        ],
        edges: [{ from_node: 'left', to_node: 'end' }],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dag.nodes.slice(0, 2)).toEqual([
      {
        name: 'left',
        type: 'SubscriptionNode',
        config: {
          subscriber: 'left_in',
          calculator: 'add',
          output_transformers: ['keep'],
          publishers: ['out'],
        },
      },
      {
        name: 'tick',
        type: 'MetronomeNode',
        config: {
          interval_ms: 2000,
          calculator: 'add',
          publishers: ['out'],
          emits: 'metronome_tick',
        },
      },
    ]);
  });

  it('is accepted in our format, and its references are checked', () => {
    const config = {
      ...oursJoin([]),
      calculators,
      transformers,
      nodes: [
        {
          name: 'left',
          type: 'SubscriptionNode',
          config: {
            subscriber: 'left_in',
            calculator: 'add',
            input_transformers: ['keep'],
            publishers: ['out'],
          },
        },
        {
          name: 'tick',
          type: 'MetronomeNode',
          config: { interval_ms: 100, calculator: 'nope', publishers: ['gone'] },
        },
      ],
    };
    expect(problemsOf(config).map(([path, code]) => [path, code])).toEqual([
      ['$.nodes[1].config.calculator', 'unknown_reference'],
      ['$.nodes[1].config.publishers[0]', 'unknown_reference'],
    ]);
  });
});

describe('PublisherSinkNode and SinkNode', () => {
  const withSinks = (edges: unknown[], publishers: unknown = ['out']) => ({
    ...oursJoin([]),
    nodes: [
      { name: 'left', type: 'SubscriptionNode', config: { subscriber: 'left_in' } },
      { name: 'right', type: 'SubscriptionNode', config: { subscriber: 'right_in' } },
      { name: 'fan', type: 'PublisherSinkNode', config: { publishers } },
      { name: 'end', type: 'SinkNode', config: {} },
    ],
    edges,
  });

  it('are node types of ours', () => {
    const result = validateDag(
      withSinks([
        { from: 'left', to: 'fan' },
        { from: 'right', to: 'fan' },
        { from: 'left', to: 'end' },
      ]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dag.nodes[3]).toEqual({ name: 'end', type: 'SinkNode', config: {} });
  });

  it('are sinks: an edge out of one is refused', () => {
    const problems = problemsOf(
      withSinks([
        { from: 'left', to: 'fan' },
        { from: 'fan', to: 'end' },
        { from: 'end', to: 'right' },
      ]),
    );
    expect(problems.map(([path, code]) => [path, code])).toEqual([
      ['$.edges[1].from', 'publication_has_outputs'],
      ['$.edges[2].to', 'source_has_inputs'],
      ['$.edges[2].from', 'publication_has_outputs'],
    ]);
    expect(problems[0]?.[2]).toBe(
      'edge fan -> end leaves PublisherSinkNode "fan", which is a sink and has no outputs',
    );
  });

  it('a PublisherSinkNode needs publishers that exist', () => {
    expect(problemsOf(withSinks([], [])).map(([path]) => path)).toEqual([
      '$.nodes[2].config.publishers',
    ]);
    expect(problemsOf(withSinks([], ['missing'])).map(([path, code]) => [path, code])).toEqual([
      ['$.nodes[2].config.publishers[0]', 'unknown_reference'],
    ]);
  });

  it('come from the original format with the publishers in their config', () => {
    const result = validateDag(
      originalJoin({
        nodes: [
          { name: 'left', type: 'SubscriptionNode', subscriber: 'left_in', config: {} },
          { name: 'fan', type: 'PublisherSinkNode', config: { publishers: ['out'] } },
          { name: 'end', type: 'SinkNode', config: {} },
        ],
        edges: [
          { from_node: 'left', to_node: 'fan' },
          { from_node: 'left', to_node: 'end' },
        ],
      }),
    );
    expect(result.ok).toBe(true);
  });
});

describe('propagate of a file in the original format', () => {
  it('is "changes" when the file does not say, as the original behaves', () => {
    const result = validateDag(originalJoin());
    expect(result.ok && result.dag.propagate).toBe('changes');
  });

  it('is what the file says when it says', () => {
    const result = validateDag(originalJoin({ propagate: 'every' }));
    expect(result.ok && result.dag.propagate).toBe('every');
  });

  it('stays "every" by default in our format', () => {
    const result = validateDag(oursJoin([{ from: 'left', to: 'both' }]));
    expect(result.ok && result.dag.propagate).toBe('every');
  });
});

describe('a dotted calculator type of the original', () => {
  const dotted = (type: string) =>
    originalJoin({
      calculators: [{ name: 'mine', type, config: { factor: 2 } }],
      nodes: [
        { name: 'left', type: 'SubscriptionNode', subscriber: 'left_in', config: {} },
        { name: 'calc', type: 'CalculationNode', calculator: 'mine', config: {} },
      ],
      edges: [{ from_node: 'left', to_node: 'calc' }],
    });
  const catalog: ComponentCatalog = {
    ...builtinCatalog,
    calculators: {
      ...builtinCatalog.calculators,
      MyCalculator: z.strictObject({ factor: z.number() }),
    },
    aliases: { calculators: { 'pkg.module.MyCalculator': 'MyCalculator' } },
  };

  it('resolves to the plugin that declares it as an alias', () => {
    const result = validateDag(dotted('pkg.module.MyCalculator'), catalog);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dag.calculators[0]).toMatchObject({
      type: 'MyCalculator',
      config: { factor: 2 },
    });
  });

  it('that no plugin declares is refused, saying how to port it and about aliases', () => {
    const result = validateDag(dotted('pkg.module.OtherCalculator'), catalog);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.code])).toEqual([
      ['$.calculators[0].type', 'unsupported_feature'],
    ]);
    expect(result.problems[0]?.message).toContain('port it as a plugin calculator');
    expect(result.problems[0]?.message).toContain('"aliases": ["pkg.module.OtherCalculator"]');
  });
});
