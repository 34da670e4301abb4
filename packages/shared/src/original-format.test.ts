import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertOriginalFormat, isOriginalFormat } from './original-format';
import { builtinCatalog, validateDag } from './validate';

/** A DAG as the original system (DishtaYantra) writes it. */
function original(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'tick_sum',
    _comment: 'metronome -> addition -> publisher',
    version: '1.0',
    autoclone: false,
    subscribers: [],
    publishers: [{ name: 'out', config: { destination: 'mem://topic/sums' } }],
    calculators: [
      {
        name: 'add',
        type: 'core.calculator.core_calculator.AdditionCalculator',
        description: 'adds a and b',
        config: { arguments: ['a', 'b'], output_attribute: 'sum' },
      },
    ],
    transformers: [
      {
        name: 'keep',
        type: 'core.transformer.core_transformer.AttributeFilterDataTransformer',
        config: { keep_attributes: ['tick'] },
      },
    ],
    nodes: [
      {
        name: 'tick',
        type: 'MetronomeNode',
        priority: 5,
        config: { interval: 1.5, message: { a: 1, b: 2 } },
      },
      { name: 'calc', type: 'CalculationNode', calculator: 'add', config: {} },
      { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
    ],
    edges: [
      { from_node: 'tick', to_node: 'calc', data_transformer: 'keep' },
      { from_node: 'calc', to_node: 'sink' },
    ],
    ...patch,
  };
}

const paths = (list: readonly { path: string }[] | undefined) => (list ?? []).map((p) => p.path);

describe('the original file format', () => {
  it('is recognized by its edges or its node-level components, not otherwise', () => {
    expect(isOriginalFormat(original())).toBe(true);
    expect(isOriginalFormat({ edges: [{ from_node: 'a', to_node: 'b' }] })).toBe(true);
    expect(isOriginalFormat({ nodes: [{ name: 'c', calculator: 'x' }] })).toBe(true);
    expect(isOriginalFormat({ nodes: [{ name: 'c', config: { calculator: 'x' } }] })).toBe(false);
    expect(isOriginalFormat({ edges: [{ from: 'a', to: 'b' }], _comment: 'x' })).toBe(false);
    // Its windows and keys ours refuses: a null end, autoclone. A start alone is ours with a
    // problem (the designer's user is told to give the end), not the original's 5-minute rule.
    expect(isOriginalFormat({ start_time: '0600', nodes: [] })).toBe(false);
    expect(isOriginalFormat({ start_time: '0930', end_time: null })).toBe(true);
    expect(isOriginalFormat({ autoclone: { enabled: true } })).toBe(true);
    expect(isOriginalFormat({ start_time: '0900', end_time: '1700' })).toBe(false);
  });

  it('converts into ours: edges, node references, dotted built-ins, metronome seconds', () => {
    const result = validateDag(original());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.originalFormat).toBe(true);
    const { dag } = result;
    expect(dag.edges).toEqual([
      { from: 'tick', to: 'calc', transformer: 'keep' },
      { from: 'calc', to: 'sink' },
    ]);
    expect(dag.nodes).toEqual([
      {
        name: 'tick',
        type: 'MetronomeNode',
        config: { interval_ms: 1500, emits: 'metronome_tick' },
      },
      {
        name: 'calc',
        type: 'CalculationNode',
        config: { calculator: 'add', input_transformers: [], output_transformers: [] },
      },
      {
        name: 'sink',
        type: 'PublicationNode',
        config: { publishers: ['out'], input_transformers: [] },
      },
    ]);
    expect(dag.calculators[0]).toMatchObject({
      name: 'add',
      type: 'AdditionCalculator',
      description: 'adds a and b',
    });
    expect(dag.transformers[0]?.type).toBe('AttributeFilterDataTransformer');
  });

  it('warns, by path in the original file, about keys it does not implement', () => {
    const result = validateDag(original());
    expect(result.warnings).toEqual([
      expect.objectContaining({ path: '$._comment', code: 'not_supported' }),
      expect.objectContaining({ path: '$.version', code: 'not_supported' }),
      expect.objectContaining({ path: '$.autoclone', code: 'not_supported' }),
      expect.objectContaining({ path: '$.nodes[0].priority', code: 'not_supported' }),
      expect.objectContaining({ path: '$.nodes[0].config.message', code: 'not_supported' }),
    ]);
    expect(result.warnings?.[0]?.message).toBe('_comment is ignored: a comment');
    // A warning anywhere the original allows its keys: specs, configs, edges.
    const more = validateDag(
      original({
        _comment_2: 'two',
        publishers: [
          { name: 'out', config: { destination: 'mem://topic/sums', kafka_library: 'x' } },
        ],
        edges: [
          { from_node: 'tick', to_node: 'calc', _comment: 'e' },
          { from_node: 'calc', to_node: 'sink', worker_affinity: 2, dag_cpu_weight: 1 },
        ],
      }),
    );
    expect(more.ok).toBe(true);
    expect(paths(more.warnings)).toEqual(
      expect.arrayContaining([
        '$._comment_2',
        '$.publishers[0].config.kafka_library',
        '$.edges[0]._comment',
        '$.edges[1].worker_affinity',
        '$.edges[1].dag_cpu_weight',
      ]),
    );
  });

  it("takes what the original's example files carry: notes, comments, adapter hints, defaults", () => {
    const result = validateDag(
      original({
        _description: 'a note',
        metadata: { owner: 'desk' },
        subscribers: [
          {
            name: 'trades',
            type: 'KafkaDataSubscriber',
            config: {
              source: 'mem://queue/trades',
              idle_poll_interval: 0.002,
              _idle_note: 'fast',
              auto_package_non_dict: true,
            },
          },
        ],
        publishers: [
          {
            name: 'out',
            type: 'InMemoryDataPublisher',
            config: { destination: 'mem://topic/sums', max_depth: 10, async_egress: true },
          },
        ],
        calculators: [
          { name: 'add', config: {} },
          { name: 'rnd', type: 'core.calculator.random_calculator.RandomCalculator', config: {} },
        ],
        nodes: [
          { name: 'src', type: 'SubscriptionNode', subscriber: 'trades' },
          { name: 'calc', calculator: 'rnd', comment: 'no type: a CalculationNode' },
          { name: 'sink', type: 'PublicationNode', publishers: ['out'] },
        ],
        edges: [
          { from_node: 'src', to_node: 'calc' },
          { from_node: 'calc', to_node: 'sink' },
        ],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(paths(result.warnings)).toEqual(
      expect.arrayContaining([
        '$._description',
        '$.metadata',
        '$.subscribers[0].type',
        '$.subscribers[0].config.idle_poll_interval',
        '$.subscribers[0].config._idle_note',
        '$.subscribers[0].config.auto_package_non_dict',
        '$.publishers[0].type',
        '$.publishers[0].config.max_depth',
        '$.publishers[0].config.async_egress',
        '$.nodes[1].comment',
      ]),
    );
    expect(result.warnings?.find((w) => w.path === '$.subscribers[0].type')?.message).toBe(
      "type is ignored: the subscriber's URI picks the adapter",
    );
    // The original's defaults: a calculator without a type copies, a node without one calculates,
    // and its RandomCalculator sets "random" and counts in "counter".
    expect(result.dag.calculators.map((c) => [c.type, c.config])).toEqual([
      ['NullCalculator', {}],
      [
        'RandomCalculator',
        expect.objectContaining({ output_attribute: 'random', counter_attribute: 'counter' }),
      ],
    ]);
    expect(result.dag.nodes[1]).toMatchObject({
      type: 'CalculationNode',
      config: { calculator: 'rnd' },
    });
  });

  it("gives a built-in's config the original's defaults, and leaves out what it does not read", () => {
    const result = validateDag(
      original({
        calculators: [
          { name: 'add', type: 'AttributeFilterAwayCalculator', config: { attributes: ['x'] } },
          { name: 'ren', type: 'core.calculator.core_calculator.AttributeNameChangeCalculator' },
        ],
        nodes: [
          { name: 'tick', type: 'MetronomeNode', config: { interval: 1 } },
          { name: 'calc', type: 'CalculationNode', calculator: 'add', config: {} },
          { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
        ],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dag.calculators.map((c) => c.config)).toEqual([
      { filter_attributes: [] },
      { name_mapping: {} },
    ]);
    expect(
      result.warnings?.find((w) => w.path === '$.calculators[0].config.attributes')?.message,
    ).toBe(
      'attributes is ignored: AttributeFilterAwayCalculator reads filter_attributes, here as in the original system',
    );
  });

  it('refuses a node\'s "publisher", which the original does not read either, saying what to write', () => {
    const nodes = [
      { name: 'tick', type: 'MetronomeNode', config: { interval: 1 } },
      { name: 'calc', type: 'CalculationNode', calculator: 'add', config: {} },
      { name: 'sink', type: 'PublicationNode', publisher: 'out' },
    ];
    const result = validateDag(original({ nodes }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.find((p) => p.path === '$.nodes[2].publisher')?.message).toBe(
      'publisher is not read by the original system either (a node takes "publishers", a list): write "publishers": ["out"]',
    );
    // A node without config has an empty one, as in the original: no problem about that.
    expect(result.problems.map((p) => p.path)).not.toContain('$.nodes[2].config');
  });

  it('warns about a description inside a built-in calculator config, and drops it', () => {
    const calculators = [
      {
        name: 'add',
        type: 'core.calculator.core_calculator.AdditionCalculator',
        config: { arguments: ['a', 'b'], description: 'sum', _comment_x: 'c' },
      },
    ];
    const result = validateDag(original({ calculators }));
    expect(result.ok).toBe(true);
    expect(paths(result.warnings)).toEqual(
      expect.arrayContaining([
        '$.calculators[0].config._comment_x',
        '$.calculators[0].config.description',
      ]),
    );
    if (result.ok) expect(result.dag.calculators[0]?.config).not.toHaveProperty('description');
  });

  it('names the original places in problems our checks find after converting', () => {
    const result = validateDag(
      original({
        edges: [
          { from_node: 'tick', to_node: 'calc' },
          { from_node: 'calc', to_node: 'nowhere' },
          { from_node: 'calc', to_node: 'sink', data_transformer: 'missing_t' },
        ],
        nodes: [
          { name: 'tick', type: 'MetronomeNode', config: { interval: 1 } },
          { name: 'calc', type: 'CalculationNode', calculator: 'missing_c', config: {} },
          { name: 'sink', type: 'PublicationNode', publishers: ['out', 'gone'], config: {} },
        ],
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(paths(result.problems)).toEqual(
      expect.arrayContaining([
        '$.edges[1].to_node',
        '$.edges[2].data_transformer',
        '$.nodes[1].calculator',
        '$.nodes[2].publishers[1]',
      ]),
    );
    expect(paths(result.problems).some((p) => /\.(from|to|transformer)$|config\./.test(p))).toBe(
      false,
    );
  });

  it('refuses a node or an edge giving both forms', () => {
    const result = validateDag(
      original({
        nodes: [
          { name: 'tick', type: 'MetronomeNode', config: { interval: 1, interval_ms: 1000 } },
          {
            name: 'calc',
            type: 'CalculationNode',
            calculator: 'add',
            config: { calculator: 'add' },
          },
          { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
        ],
        edges: [
          { from_node: 'tick', from: 'tick', to_node: 'calc' },
          { from_node: 'calc', to_node: 'sink' },
        ],
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.filter((p) => p.code === 'conflicting_keys').map((p) => p.path)).toEqual(
      ['$.nodes[0].config.interval', '$.nodes[1].calculator', '$.edges[0].from_node'],
    );
  });

  it('refuses another dotted Python type with one problem saying how to port it', () => {
    const result = validateDag(
      original({
        calculators: [{ name: 'add', type: 'pkg.module.MyCalculator', config: {} }],
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({
      path: '$.calculators[0].type',
      code: 'unsupported_feature',
    });
    expect(result.problems[0]?.message).toContain('"pkg.module.MyCalculator"');
    expect(result.problems[0]?.message).toContain('plugin');
    // A dotted built-in prefix with a name we do not have is not ours either.
    const unknown = validateDag(
      original({
        calculators: [{ name: 'add', type: 'core.calculator.x.NoSuchCalculator', config: {} }],
      }),
    );
    expect(unknown.ok ? [] : paths(unknown.problems)).toEqual(['$.calculators[0].type']);
  });

  it('accepts a dotted type a plugin is registered under', () => {
    const catalog = {
      ...builtinCatalog,
      calculators: { ...builtinCatalog.calculators, 'pkg.module.MyCalculator': {} },
    };
    const converted = convertOriginalFormat(
      original({ calculators: [{ name: 'add', type: 'pkg.module.MyCalculator' }] }),
      catalog,
    );
    expect(converted.problems).toEqual([]);
  });

  it('converts a metronome subscriber interval in seconds, and refuses a bad one', () => {
    const subscribers = [{ name: 'm', config: { source: 'metronome', interval: 0.25 } }];
    const nodes = [
      { name: 'src', type: 'SubscriptionNode', subscriber: 'm', config: {} },
      { name: 'sink', type: 'PublicationNode', publishers: ['out'], config: {} },
    ];
    const edges = [{ from_node: 'src', to_node: 'sink' }];
    const result = validateDag(original({ subscribers, nodes, edges }));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.dag.subscribers[0]?.config).toMatchObject({ interval_ms: 250 });
    const bad = validateDag(
      original({
        subscribers: [{ name: 'm', config: { source: 'metronome', interval: 'often' } }],
        nodes,
        edges,
      }),
    );
    expect(bad.ok ? [] : bad.problems.map((p) => [p.path, p.code])).toEqual([
      ['$.subscribers[0].config.interval', 'invalid_value'],
    ]);
  });

  it('leaves every config in our format as it was: no warnings, the same result', () => {
    const dirs = [
      '../test/fixtures',
      '../../../samples/dags',
      '../../engine/test/fixtures',
      '../../engine/test/fixtures/folder',
    ];
    let seen = 0;
    for (const dir of dirs) {
      const url = new URL(`${dir}/`, import.meta.url);
      for (const file of readdirSync(url).filter(
        (f) => f.endsWith('.json') && !f.includes('original'),
      )) {
        const value = JSON.parse(readFileSync(new URL(file, url), 'utf8')) as unknown;
        if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
        expect(isOriginalFormat(value as Record<string, unknown>), file).toBe(false);
        const result = validateDag(value);
        expect(result.originalFormat, file).toBeUndefined();
        expect(result.warnings, file).toBeUndefined();
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(5);
  });
});
