import { describe, expect, it } from 'vitest';
import { validateDag } from './validate';

/**
 * The original's heartbeat form: a MetronomeNode reading its own metronome subscriber, enriching
 * each tick and publishing it, then passing it on (issue 15).
 */
function heartbeat(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'heartbeat_monitor',
    subscribers: [
      { name: 'beat', config: { source: 'metronome', message: 'heartbeat', interval: 30 } },
      { name: 'plain_beat', config: { source: 'metronome', interval: 0.5 } },
    ],
    publishers: [{ name: 'out', config: { destination: 'mem://topic/heartbeat' } }],
    calculators: [
      {
        name: 'enrich',
        type: 'ApplyDefaultsCalculator',
        config: { defaults: { dag_name: 'heartbeat_monitor', status: 'healthy' } },
      },
    ],
    transformers: [],
    nodes: [
      {
        name: 'metronome_node',
        type: 'MetronomeNode',
        config: { interval: 10 },
        subscriber: 'beat',
        publishers: ['out'],
        calculator: 'enrich',
      },
      { name: 'after', type: 'CalculationNode', config: {} },
    ],
    edges: [{ from_node: 'metronome_node', to_node: 'after' }],
    ...patch,
  };
}

const problemsOf = (value: unknown) => {
  const result = validateDag(value);
  return result.ok ? [] : result.problems.map((p) => [p.path, p.code, p.message]);
};

describe("the original's metronome subscriber", () => {
  it('keeps its message: each tick is {"message", "current_timestamp"}; "tick" when not given', () => {
    const result = validateDag(heartbeat());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dag.subscribers.map((s) => s.config)).toEqual([
      { source: 'metronome', message: 'heartbeat', interval_ms: 30_000, max_depth: 10_000 },
      { source: 'metronome', message: 'tick', interval_ms: 500, max_depth: 10_000 },
    ]);
    // Nothing of it is ignored any more.
    expect(result.warnings ?? []).toEqual([]);
  });

  it('is ours to write too, and without message sends our tick as before', () => {
    const ours = {
      name: 'beats',
      subscribers: [
        { name: 'b', config: { source: 'metronome', message: 'hello', interval_ms: 100 } },
        { name: 'c', config: { source: 'metronome', interval_ms: 100 } },
      ],
      nodes: [
        { name: 'b', type: 'SubscriptionNode', config: { subscriber: 'b' } },
        { name: 'c', type: 'SubscriptionNode', config: { subscriber: 'c' } },
      ],
    };
    const result = validateDag(ours);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dag.subscribers[0]?.config).toMatchObject({ message: 'hello' });
    expect(result.dag.subscribers[1]?.config).not.toHaveProperty('message');
    expect(
      problemsOf({
        ...ours,
        subscribers: [{ name: 'b', config: { source: 'metronome', message: 7 } }],
        nodes: [ours.nodes[0]],
      }).map(([path, code]) => [path, code]),
    ).toEqual([['$.subscribers[0].config.message', 'invalid_type']]);
  });
});

describe("the original's MetronomeNode", () => {
  it('takes its own subscriber, calculator and publishers, and emits the original form', () => {
    const result = validateDag(heartbeat());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dag.nodes[0]).toEqual({
      name: 'metronome_node',
      type: 'MetronomeNode',
      config: {
        interval_ms: 10_000,
        emits: 'metronome_tick',
        subscriber: 'beat',
        publishers: ['out'],
        calculator: 'enrich',
      },
    });
    // What export writes (ours) validates to the same DAG.
    const again = validateDag(JSON.parse(JSON.stringify(result.dag)));
    expect(again.ok && again.dag).toEqual(result.dag);
    expect(again.originalFormat).toBeUndefined();
  });

  it('ticks every second when its config gives no interval, as the original does', () => {
    const nodes = [{ name: 'tick', type: 'MetronomeNode', config: {}, publishers: ['out'] }];
    const result = validateDag(heartbeat({ nodes, edges: [] }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dag.nodes[0]?.config).toEqual({
      interval_ms: 1000,
      emits: 'metronome_tick',
      publishers: ['out'],
    });
  });

  it("warns that a MetronomeNode's message is ignored: the original's does not send it either", () => {
    const nodes = [
      {
        name: 'tick',
        type: 'MetronomeNode',
        config: { interval: 5, message: 'generate' },
        publishers: ['out'],
      },
    ];
    const result = validateDag(heartbeat({ nodes, edges: [] }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dag.nodes[0]?.config).toEqual({
      interval_ms: 5000,
      emits: 'metronome_tick',
      publishers: ['out'],
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({
        path: '$.nodes[0].config.message',
        code: 'not_supported',
        message:
          'message is ignored: a MetronomeNode of the original system does not send it either ' +
          '(its metronome subscriber does)',
      }),
    ]);
  });

  it('leaves out the transformers it takes but never applies, with a warning at their place', () => {
    const transformers = [{ name: 'keep', type: 'NullDataTransformer', config: {} }];
    const nodes = [
      {
        name: 'tick',
        type: 'MetronomeNode',
        config: { interval: 5, output_transformers: ['keep'] },
        input_transformers: ['keep'],
        publishers: ['out'],
      },
    ];
    const result = validateDag(heartbeat({ transformers, nodes, edges: [] }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dag.nodes[0]?.config).toEqual({
      interval_ms: 5000,
      emits: 'metronome_tick',
      publishers: ['out'],
    });
    expect(result.warnings?.map((w) => [w.path, w.message])).toEqual([
      [
        '$.nodes[0].input_transformers',
        'input_transformers is ignored: a MetronomeNode of the original system does not apply them',
      ],
      [
        '$.nodes[0].config.output_transformers',
        'output_transformers is ignored: a MetronomeNode of the original system does not apply them',
      ],
    ]);
  });

  it('names a subscriber that does not exist, at its place in the original file', () => {
    const nodes = [
      { name: 'tick', type: 'MetronomeNode', config: { interval: 5 }, subscriber: 'nope' },
    ];
    const problems = problemsOf(heartbeat({ nodes, edges: [] }));
    expect(problems.map(([path, code]) => [path, code])).toEqual([
      ['$.nodes[0].subscriber', 'unknown_reference'],
    ]);
  });
});

describe('a MetronomeNode in our format', () => {
  const ours = (config: Record<string, unknown>) => ({
    name: 'ticks',
    subscribers: [{ name: 'in', config: { source: 'mem://queue/in' } }],
    nodes: [{ name: 'tick', type: 'MetronomeNode', config: { interval_ms: 100, ...config } }],
  });

  it('emits our tick unless it says otherwise, and may read a subscriber', () => {
    const plain = validateDag(ours({}));
    expect(plain.ok && plain.dag.nodes[0]?.config).toEqual({ interval_ms: 100 });
    const read = validateDag(ours({ subscriber: 'in', emits: 'tick' }));
    expect(read.ok).toBe(true);
  });

  it('refuses an unknown form and a subscriber that does not exist', () => {
    expect(
      problemsOf(ours({ emits: 'sometimes', subscriber: 'out' })).map(([path, code]) => [
        path,
        code,
      ]),
    ).toEqual([
      ['$.nodes[0].config.emits', 'invalid_value'],
      ['$.nodes[0].config.subscriber', 'unknown_reference'],
    ]);
  });
});

describe('a PublicationNode with children', () => {
  it("is the original's form (publish, then pass on) and converts as it is", () => {
    const result = validateDag({
      name: 'relay',
      subscribers: [{ name: 'in', config: { source: 'mem://queue/in' } }],
      publishers: [{ name: 'out', config: { destination: 'mem://queue/out' } }],
      calculators: [],
      transformers: [],
      nodes: [
        { name: 'src', type: 'SubscriptionNode', subscriber: 'in', config: {} },
        { name: 'pub', type: 'PublicationNode', publishers: ['out'], config: {} },
        { name: 'final', type: 'CalculationNode', config: {} },
      ],
      edges: [
        { from_node: 'src', to_node: 'pub' },
        { from_node: 'pub', to_node: 'final' },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dag.edges).toEqual([
      { from: 'src', to: 'pub' },
      { from: 'pub', to: 'final' },
    ]);
  });
});
